// Text a page draws on a <canvas> (a chart's title and labels, a game's score) is pixels in the screenshot
// and in no DOM node: page_layout.js cannot give it, so it records which canvases drew text. Run before the
// page's own scripts (an init script): each call of fillText / strokeText on a 2D context adds its string to
// its canvas's entry in a WeakMap page_layout.js reads; the drawing itself is the browser's, unchanged.
// Text drawn elsewhere first goes with the pixels it is in: an OffscreenCanvas's text, a bitmap made from a
// canvas (transferToImageBitmap, createImageBitmap), a canvas drawn into another (drawImage), so a page canvas
// showing it is known to (a word drawn offscreen and copied in was written nowhere and its tile was written).
// A canvas a worker draws (transferControlToOffscreen) is out of reach of this script.
(() => {
  const drawn = new WeakMap();
  Object.defineProperty(window, '__vlbuildCanvasText', {value: drawn, enumerable: false});
  const add = (target, text) => {
    if (target && String(text).trim()) drawn.set(target, (drawn.get(target) || '') + ' ' + String(text));
  };
  for (const kind of ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D']) {
    const proto = window[kind] && window[kind].prototype;
    if (!proto) continue;
    for (const name of ['fillText', 'strokeText']) {
      const original = proto[name];
      proto[name] = function (text, ...rest) {
        add(this.canvas, text);
        return original.call(this, text, ...rest);
      };
    }
    const drawImage = proto.drawImage;
    proto.drawImage = function (source, ...rest) {
      if (source && drawn.has(source)) add(this.canvas, drawn.get(source));
      return drawImage.call(this, source, ...rest);
    };
  }
  if (window.OffscreenCanvas) {
    const transfer = OffscreenCanvas.prototype.transferToImageBitmap;
    OffscreenCanvas.prototype.transferToImageBitmap = function (...rest) {
      const bitmap = transfer.apply(this, rest);
      if (drawn.has(this)) add(bitmap, drawn.get(this));
      return bitmap;
    };
  }
  if (window.createImageBitmap) {
    const create = window.createImageBitmap;
    window.createImageBitmap = function (source, ...rest) {
      return create.call(this, source, ...rest).then((bitmap) => {
        if (source && drawn.has(source)) add(bitmap, drawn.get(source));
        return bitmap;
      });
    };
  }
  const renderer = window.ImageBitmapRenderingContext && window.ImageBitmapRenderingContext.prototype;
  if (renderer) {
    const show = renderer.transferFromImageBitmap;
    renderer.transferFromImageBitmap = function (bitmap) {
      if (bitmap && drawn.has(bitmap)) add(this.canvas, drawn.get(bitmap));
      return show.call(this, bitmap);
    };
  }
})();
