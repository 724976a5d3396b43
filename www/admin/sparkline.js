// A line of the last values in a small SVG (no library).
const SVG = "http://www.w3.org/2000/svg";

export class Sparkline {
  constructor(svg, points = 60) {
    this.svg = svg;
    this.points = points;
    this.values = [];
    this.line = document.createElementNS(SVG, "polyline");
    svg.append(this.line);
  }

  push(value) {
    this.values.push(value);
    if (this.values.length > this.points) this.values.shift();
    const top = Math.max(...this.values, 1);
    const [, , width, height] = this.svg.getAttribute("viewBox").split(" ").map(Number);
    const step = width / (this.points - 1);
    const offset = width - step * (this.values.length - 1);
    this.line.setAttribute(
      "points",
      this.values.map((v, i) => `${offset + i * step},${height - (v / top) * (height - 1)}`).join(" "),
    );
  }
}
