#!/usr/bin/env node
/*
 * Drive the skill's web service through virtual-alexa and the real interaction model.
 *
 *   node drive.js script.json        (or the script on stdin)
 *
 * Script:
 *   {
 *     "skillURL": "http://127.0.0.1:8080/",
 *     "interactionModelFile": "/abs/path/en-US.json",
 *     "locale": "en-GB",                            optional: the device's locale (default en-US)
 *     "apiEndpoint": "https://localhost:PORT",      optional: a local fake of the Alexa APIs
 *     "userId": "amzn1.ask.account.E2E-1",          optional: a fixed user id
 *     "applicationId": "amzn1.ask.skill....",       optional
 *     "includeRequests": false,                     optional: print {request, response} pairs
 *     "steps": [{"launch": true} | {"utter": "..."} | {"intend": "Name", "slots": {...}} | {"end": true}]
 *   }
 *
 * Prints one JSON array on stdout: per step the full response JSON, or {"error": message}
 * when virtual-alexa throws (an utterance the model cannot match, an HTTP error).
 * Exit code 0 unless the script itself is unreadable (2).
 */
"use strict";

const fs = require("fs");
const va = require("virtual-alexa");
const { SkillRequest } = require("virtual-alexa/lib/src/core/SkillRequest");
// virtual-core is virtual-alexa's own dependency: resolve it from there.
const { Utterance } = require(require.resolve("virtual-core", { paths: [require.resolve("virtual-alexa")] }));

// virtual-alexa's utter() treats ANY utterance containing "ask", "open", "launch", "tell"
// or "talk to" (even inside a word, e.g. "basket") as a launch request. Such utterances are
// matched here against the interaction model the same way utter() does, minus that check.
const LAUNCH_HIJACK = /(ask|open|launch|talk to|tell).*/i;

// Alexa's speech recognition hands AMAZON.NUMBER slots over as digits ("thirty eight point
// five" arrives as 38 and 5); virtual-alexa only knows single number words ("five") and passes
// them on as words. An utterance that does not match as written is tried again with runs of
// number words turned into digits, and number slots are sent as digits, as Alexa would.
// A step with "raw": true is matched as written only.
const UNITS = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

function isNumberWord(word) {
  return word in UNITS || word in TENS || word === "hundred" || word === "thousand";
}

function numberValue(words) {
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in UNITS) current += UNITS[word];
    else if (word in TENS) current += TENS[word];
    else if (word === "hundred") current = (current || 1) * 100;
    else if (word === "thousand") { total += (current || 1) * 1000; current = 0; }
  }
  return total + current;
}

function digitsForNumberWords(text) {
  const out = [];
  let run = [];
  const flush = () => {
    if (run.length) out.push(String(numberValue(run)));
    run = [];
  };
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const word = token.toLowerCase();
    if (isNumberWord(word) || (word === "and" && run.length && run[run.length - 1] === "hundred")) {
      run.push(word);
    } else {
      flush();
      out.push(token);
    }
  }
  flush();
  return out.join(" ");
}

function readScript() {
  const source = process.argv[2] ? fs.readFileSync(process.argv[2], "utf8") : fs.readFileSync(0, "utf8");
  return JSON.parse(source);
}

function matches(alexa, text) {
  return new Utterance(alexa.context().interactionModel(), text).matched();
}

function utter(alexa, text, raw) {
  const candidates = raw ? [text] : [text, digitsForNumberWords(text)];
  for (const candidate of candidates) {
    if (!matches(alexa, candidate)) continue;
    if (!LAUNCH_HIJACK.test(candidate)) return alexa.utter(candidate);
    const utterance = new Utterance(alexa.context().interactionModel(), candidate);
    return alexa.call(new SkillRequest(alexa).intent(utterance.intent()).slots(utterance.toJSON()));
  }
  throw new Error("Unable to match utterance: " + text
    + " to an intent. Try a different utterance, or explicitly set the intent");
}

// intent name -> names of its AMAZON.NUMBER slots, from the interaction model file.
function numberSlots(modelFile) {
  const model = JSON.parse(fs.readFileSync(modelFile, "utf8"));
  const table = {};
  for (const intent of model.interactionModel.languageModel.intents) {
    table[intent.name] = (intent.slots || []).filter((s) => s.type === "AMAZON.NUMBER").map((s) => s.name);
  }
  return table;
}

// As Alexa does: a number slot carries digits ("five" -> "5").
function digitsInNumberSlots(request, table) {
  const intent = request.request && request.request.intent;
  if (!intent || !intent.slots) return;
  for (const name of table[intent.name] || []) {
    const slot = intent.slots[name];
    if (slot && typeof slot.value === "string" && !/^[0-9]+$/.test(slot.value)) {
      const digits = digitsForNumberWords(slot.value);
      if (/^[0-9]+$/.test(digits)) slot.value = digits;
    }
  }
}

function run(alexa, step) {
  if (step.launch) return alexa.launch();
  if (typeof step.utter === "string") return utter(alexa, step.utter, step.raw);
  if (typeof step.intend === "string") return alexa.intend(step.intend, step.slots || {});
  if (step.end) return alexa.endSession(step.reason || "USER_INITIATED");
  throw new Error("unknown step: " + JSON.stringify(step));
}

function plain(response) {
  // SkillResponse copies the raw JSON's keys onto itself; JSON round-trip keeps only those.
  return response === undefined ? null : JSON.parse(JSON.stringify(response));
}

function message(error) {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

async function main() {
  let script;
  try {
    script = readScript();
  } catch (error) {
    process.stderr.write("drive.js: cannot read the script: " + message(error) + "\n");
    process.exit(2);
  }
  let builder = va.VirtualAlexa.Builder()
    .interactionModelFile(script.interactionModelFile)
    .skillURL(script.skillURL)
    .locale(script.locale || "en-US");
  if (script.applicationId) builder = builder.applicationID(script.applicationId);
  const alexa = builder.create();
  if (script.userId) alexa.context().user().setID(script.userId);
  // A device id makes virtual-alexa send one with an API access token, as Alexa does: the skill
  // then reads the device's settings from script.apiEndpoint.
  if (script.apiEndpoint) alexa.context().device().setID("amzn1.ask.device.E2E");

  let lastRequest = null;
  const numbers = numberSlots(script.interactionModelFile);
  alexa.filter((request) => {
    // virtual-alexa sends Amazon's real API endpoint; a local fake (script.apiEndpoint) or a
    // closed loopback port keeps every Alexa API call (time zone, temperature unit) on this machine.
    request.context.System.apiEndpoint = script.apiEndpoint || "http://127.0.0.1:9";
    digitsInNumberSlots(request, numbers);
    lastRequest = JSON.parse(JSON.stringify(request));
  });

  const results = [];
  for (const step of script.steps || []) {
    lastRequest = null;
    let response;
    try {
      response = plain(await run(alexa, step));
    } catch (error) {
      response = { error: message(error) };
    }
    results.push(script.includeRequests ? { step, request: lastRequest, response } : response);
  }
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((error) => {
  process.stderr.write("drive.js: " + (error && error.stack ? error.stack : message(error)) + "\n");
  process.exit(1);
});
