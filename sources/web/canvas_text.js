// Text a page draws on a <canvas> (a chart's title and labels, a game's score) is pixels in the screenshot
// and in no DOM node: page_layout.js cannot give it, so it records which canvases drew text. Run before the
// page's own scripts (an init script): each call of fillText / strokeText on a 2D context adds its string to
// its canvas's entry in a WeakMap page_layout.js reads; the drawing itself is the browser's, unchanged.
(() => {
  const drawn = new WeakMap();
  Object.defineProperty(window, '__vlbuildCanvasText', {value: drawn, enumerable: false});
  const proto = window.CanvasRenderingContext2D && window.CanvasRenderingContext2D.prototype;
  if (!proto) return;
  for (const name of ['fillText', 'strokeText']) {
    const original = proto[name];
    proto[name] = function (text, ...rest) {
      if (this.canvas && String(text).trim()) drawn.set(this.canvas, (drawn.get(this.canvas) || '') + ' ' + String(text));
      return original.call(this, text, ...rest);
    };
  }
})();
