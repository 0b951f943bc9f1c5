// The official client as a browser page gets it from a bundler: window.OpenAIBundle.OpenAI.
export { default as OpenAI } from "openai";
