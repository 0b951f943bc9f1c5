"""Conversation behaviour: context, clarification by number, reset, and what context must not do."""

from __future__ import annotations

import pytest

from bot import FAQBot, StateError
from bot.render import render_plain
from bot.terminal.render import reply_fragments


def test_an_elliptical_follow_up_resolves_against_the_last_topic(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("what dose of magnesium for women?").intent == "rda-women"
    assert session.ask("and for men?").intent == "rda-men"
    assert session.ask("what about the upper limit").intent == "upper-limit"


def test_forms_follow_ups(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("is glycinate a good form").intent == "glycinate"
    assert session.ask("and oxide?").intent == "oxide"
    assert session.ask("what about citrate").intent == "citrate"
    assert session.ask("any side effects?").intent == "side-effects"


def test_tell_me_more_and_why_go_one_step_deeper(bot: FAQBot) -> None:
    session = bot.session()
    first = session.ask("does magnesium help sciatica")
    deeper = session.ask("why?")
    assert deeper.kind == "answer"
    assert deeper.intent == bot.content.answers[first.intent].follow_ups[0]
    assert session.ask("tell me more").intent == bot.content.answers[deeper.intent].follow_ups[0]


def test_more_without_a_topic_is_an_honest_fallback(bot: FAQBot) -> None:
    reply = bot.session().ask("tell me more")
    assert reply.kind == "fallback" and reply.suggestions


def test_so_why_not_just_take_pills_after_iv(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("is IV magnesium good for pain").intent == "iv-magnesium"
    assert session.ask("so why not just take pills?").intent == "iv-vs-oral"


def test_a_number_picks_a_suggestion(bot: FAQBot) -> None:
    session = bot.session()
    reply = session.ask("what is sciatica")
    picked = session.ask("2")
    assert picked.kind == "answer"
    assert picked.intent == reply.options[1]
    assert bot.content.intent(picked.intent).question == reply.suggestions[1]


def test_a_number_answers_a_clarification(bot: FAQBot) -> None:
    session = bot.session()
    reply = session.ask("magnesium pills")
    assert reply.kind == "clarify" and len(reply.options) >= 2
    assert "1)" not in reply.text and "number" not in reply.text  # the options live apart from the text
    assert reply.to_dict()["options"] == [{"intent": i, "question": bot.content.intent(i).question}
                                          for i in reply.options]
    assert "  1) " + reply.suggestions[0] in render_plain(reply) and "You could ask" not in render_plain(reply)
    terminal = "".join(text for _, text in reply_fragments(reply, 80, "You could ask:"))
    assert "  2) " + reply.suggestions[1] in terminal and "You could ask" not in terminal
    assert session.ask("1").intent == reply.options[0]


def test_a_number_out_of_range_is_not_guessed(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("what is sciatica")
    assert session.ask("9").kind == "fallback"


def test_reset_clears_context(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("is glycinate a good form")
    assert session.ask("start over").kind == "smalltalk"
    assert session.last_intent is None and session.options == ()
    assert session.ask("why?").kind == "fallback"


def test_context_never_overrides_a_clear_new_question(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("how much magnesium should women take")
    assert session.ask("what is the sciatic nerve and where does it run").intent == "sciatica-what"
    assert session.ask("does magnesium reduce inflammation").intent == "inflammation"


def test_a_tie_is_never_guessed(bot: FAQBot) -> None:
    reply = bot.ask("magnesium pills")
    top, second = reply.alternatives[0][1], reply.alternatives[1][1]
    assert reply.kind == "clarify"
    assert top - second < bot.thresholds.margin or top < bot.thresholds.answer


def test_red_flags_win_over_everything_and_clear_context(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("is glycinate a good form")
    reply = session.ask("and citrate? also I can't control my bladder")
    assert reply.kind == "urgent"
    assert session.last_intent is None
    assert "emergency" in reply.text


def test_self_harm_gets_its_own_urgent_reply(bot: FAQBot) -> None:
    reply = bot.ask("i want to kill myself")
    assert reply.kind == "urgent" and reply.text == bot.content.replies["urgent"]["self_harm"]


def test_uncovered_subjects_are_named_and_never_answered(bot: FAQBot) -> None:
    reply = bot.ask("does turmeric help sciatica")
    assert reply.kind in ("fallback", "clarify") and "turmeric" in reply.text
    near = bot.ask("can I take magnesium with ibuprofen")
    assert near.kind in ("fallback", "clarify") and "ibuprofen" in near.text
    # A medicine named only as something taken alongside magnesium is an interactions question.
    assert bot.ask("can I take magnesium with warfarin").intent == "interactions"


def test_small_talk_only_when_nothing_else_is_asked(bot: FAQBot) -> None:
    assert bot.ask("thanks!").kind == "smalltalk"
    assert bot.ask("thanks, and what about citrate?").intent == "citrate"
    help_reply = bot.ask("what can you do")
    assert help_reply.kind == "smalltalk" and "glycinate" in help_reply.text.lower()


def test_explanations_name_the_pattern_and_runners_up(bot: FAQBot) -> None:
    reply = bot.ask("mag oxide absorbtion")
    assert reply.intent == "oxide"
    oxide = bot.content.intent("oxide")
    assert reply.explanation["pattern"] in (*oxide.patterns, oxide.question)
    assert "oxide" in reply.explanation["words"]
    assert reply.alternatives and all(score <= reply.confidence for _, score in reply.alternatives)


def test_state_round_trips_and_bad_state_is_refused(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("how much magnesium for women")
    resumed = bot.session(session.to_dict())
    assert resumed.ask("and men?").intent == "rda-men"
    assert bot.session({"version": 1, "intent": "rda-women", "options": []}).ask("and men?").intent == "rda-men"
    for bad in ({"version": 3}, {"version": 1, "intent": "nope"}, {"version": 1, "options": "x"}, [],
                {"version": 1, "intent": None, "extra": 1}, {"version": 2, "crisis": "chest-pain"},
                {"version": 2, "crisis": 7}):
        with pytest.raises(StateError):
            bot.session(bad)  # type: ignore[arg-type]


def test_a_vague_why_or_how_goes_deeper_but_a_real_question_does_not(bot: FAQBot) -> None:
    session = bot.session()
    first = session.ask("what is sciatica")
    assert session.ask("why does it happen").intent == bot.content.answers[first.intent].follow_ups[0]
    session = bot.session()
    session.ask("was there a placebo controlled trial")
    # Not "tell me more" (which would jump to the trial's first follow-up, IV vs pills): it asks
    # about the trial itself, whose answer gives its four weeks.
    lasted = session.ask("how long did it last")
    assert lasted.intent == "oral-trials" and "four weeks" in lasted.text
    session = bot.session()
    session.ask("is oxide any good")
    # "why?" after an answer that holds its reason: that answer, saying it is all the article gives.
    why = session.ask("why?")
    assert why.intent == "oxide" and why.text.startswith(bot.content.replies["why_again"])


@pytest.mark.parametrize(("first", "first_intent", "then", "then_intent"), [
    # Pointing back with words a sibling topic also uses: the last topic is meant.
    ("were there any trials of magnesium tablets in people", "oral-trials", "so what did they find", "oral-trials"),
    ("tell me about the inflammation side of it", "inflammation", "which chemicals does it change", "inflammation"),
    # The subject named again is no pointing back: "better than oxide" asks for the others.
    ("is magnesium oxide any good", "oxide", "what's better than oxide then?", "forms-best"),
])
def test_a_question_pointing_back_is_read_with_the_last_topic(bot: FAQBot, first: str, first_intent: str,
                                                              then: str, then_intent: str) -> None:
    session = bot.session()
    assert session.ask(first).intent == first_intent
    reply = session.ask(then)
    assert (reply.kind, reply.intent) == ("answer", then_intent)


def test_words_the_content_does_not_know_do_not_borrow_the_last_topic(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("were there any trials of magnesium tablets in people")
    assert session.ask("so what's the weather doing in leeds").kind == "fallback"


@pytest.mark.parametrize("correction", ["I meant the spray, the one you put on your skin",
                                        "no sorry I meant glycinate"])
def test_a_correction_is_read_from_the_words_as_typed(bot: FAQBot, correction: str) -> None:
    # "meant" is no typo of a word the content knows ("means"): the correction must still be seen.
    session = bot.session()
    session.ask("is magnesium citrate a good form")
    reply = session.ask(correction)
    assert reply.kind == "answer"
    assert reply.explanation.get("correction") is True


def test_a_choice_is_answered_with_one_of_the_choices(bot: FAQBot) -> None:
    # The aspect a form is chosen by (the stomach) is no rival answer to "which form".
    reply = bot.ask("which kind of magnesium is least likely to upset your stomach")
    assert reply.kind == "answer"
    assert bot.content.intent(reply.intent or "").group == "forms"


def test_a_choice_by_an_aspect_gets_the_guide_to_choosing(bot: FAQBot) -> None:
    # "the runs" is an aspect (side effects), but the question asks which form: the forms guide
    # answers rather than the general side-effects answer.
    reply = bot.ask("which type of magnesium won't give me the runs")
    assert (reply.kind, reply.intent) == ("answer", "forms-best")


@pytest.mark.parametrize("message", ["which form is safest with kidney disease",
                                     "I'm on warfarin, which form should I take"])
def test_the_persons_situation_outranks_a_choice(bot: FAQBot, message: str) -> None:
    reply = bot.ask(message)
    assert reply.kind in ("answer", "clarify")
    assert reply.intent != "forms-best" and "forms-best" not in reply.options[:1]


def test_an_aspect_asked_of_the_form_in_play(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("what's magnesium citrate like")
    reply = session.ask("does it upset your stomach")
    assert reply.kind == "answer"
    assert reply.text.startswith("On citrate") and "laxative" in reply.text
    assert reply.explanation["subject"] == "citrate"


def test_a_linking_word_does_not_weaken_a_follow_up(bot: FAQBot) -> None:
    for opener in ("", "and ", "so "):
        session = bot.session()
        session.ask("which magnesium should I take instead of oxide")
        reply = session.ask(f"{opener}how much of that")
        assert (reply.kind, reply.intent) == ("answer", "rda-overview"), opener


def test_them_means_what_was_just_said(bot: FAQBot) -> None:
    reply = bot.ask("Bit of background, 41F, sciatica after a disc bulge, physio twice a week. "
                    "The shop had magnesium glycinate and citrate side by side. How do they differ?")
    assert (reply.kind, reply.intent) == ("answer", "forms-best")


@pytest.mark.parametrize(("message", "intent"), [
    ("which type of magnesium interacts with antibiotics", "interactions"),
    ("which form of magnesium would it take to overdose", "upper-limit"),
])
def test_a_choice_asked_by_another_aspect_keeps_that_answer(bot: FAQBot, message: str, intent: str) -> None:
    assert bot.ask(message).intent == intent


def test_a_medicine_told_earlier_outranks_a_choice(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("I take sertraline every morning")
    assert session.ask("which form won't give me the runs").intent != "forms-best"


def test_short_thanks_as_people_type_them(bot: FAQBot) -> None:
    for message in ("k thx", "k thanks"):
        assert bot.ask(message).kind == "smalltalk", message


def test_what_else_moves_away_from_the_last_answer(bot: FAQBot) -> None:
    session = bot.session()
    assert session.ask("does magnesium help with inflammation").intent == "inflammation"
    assert session.ask("what else does it do for the nerves").intent != "inflammation"


def test_any_reason_not_to_asks_about_safety(bot: FAQBot) -> None:
    reply = bot.ask("my neighbour swears by magnesium for her back, is there any reason I shouldn't try it?")
    assert reply.kind == "answer"
    assert bot.content.intent(reply.intent or "").group == "safety"


def test_a_nerve_pain_medicine_told_earlier_is_noted_with_amounts(bot: FAQBot) -> None:
    session = bot.session()
    session.ask("I'm on pregabalin for the nerve pain")
    reply = session.ask("how much magnesium should I take?")
    assert reply.intent == "rda-overview"
    assert "You mentioned taking medicines" in reply.text
