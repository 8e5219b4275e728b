// Validates APL documents with Amazon's apl-suggester (the checker behind the authoring tool).
// stdin: {"name": {"document": {...}, "datasources": {...}}, ...}
// stdout: {"name": [{"path", "errorMessage", "level"}, ...], ...}
const { StaticAplTemplateValidator } = require('apl-suggester');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const screens = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const validator = new StaticAplTemplateValidator();
  const results = {};
  for (const [name, { document, datasources }] of Object.entries(screens)) {
    results[name] = [
      ...(await validator.validate(document)),
      ...(await validator.validateDataSources(datasources)),
    ];
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
