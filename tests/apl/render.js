// Renders window.SCREEN = {directive, viewport} with apl-viewhost-web (window.AplRenderer), then
// writes what was drawn into <script id="report">: each component that has an id, with its text
// and where it is on the page. The test reads the report from Chromium's --dump-dom.
const REPORT_AFTER_MS = 1500; // long enough for the countdown's first seconds to pass

function waitForEngine() {
  // The WebAssembly engine is ready once Module.Content exists.
  return new Promise((resolve) => {
    const poll = () => (typeof Module !== 'undefined' && Module.Content ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

function report(extra) {
  const components = Array.from(document.querySelectorAll('[data-componentid]')).map((element) => {
    const rect = element.getBoundingClientRect();
    return {
      id: element.getAttribute('data-componentid'),
      text: element.innerText,
      x: rect.x, y: rect.y, width: rect.width, height: rect.height,
    };
  });
  const node = document.createElement('script');
  node.type = 'application/json';
  node.id = 'report';
  node.textContent = JSON.stringify({ components, ...extra });
  document.body.appendChild(node);
}

async function render() {
  const { directive, viewport } = window.SCREEN;
  await waitForEngine();
  const content = AplRenderer.Content.create(JSON.stringify(directive.document),
                                             JSON.stringify(directive.datasources));
  const view = document.getElementById('apl');
  view.style.width = `${viewport.width}px`;
  view.style.height = `${viewport.height}px`;
  const renderer = AplRenderer.default.create({
    content,
    view,
    viewport,
    mode: viewport.mode,
    theme: 'dark',
    environment: { agentName: 'milk-duct-helper-tests', agentVersion: '1.0' },
    developerToolOptions: { mappingKey: 'id', writeKeys: [], includeComponentId: true },
    utcTime: Date.now(),
    localTimeAdjustment: 0,
    notLoadFonts: true,
  });
  await renderer.init();
  setTimeout(() => report({ rendered: true }), REPORT_AFTER_MS);
}

render().catch((error) => report({ rendered: false, error: String(error && error.stack || error) }));
