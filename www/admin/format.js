// Numbers as people read them.
const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function bytes(n) {
  let value = Number(n) || 0;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

export function bits(perSecond) {
  const value = Number(perSecond) || 0;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} Mbit/s`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)} kbit/s`;
  return `${value.toFixed(0)} bit/s`;
}

export function duration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}h${String(m).padStart(2, "0")}m${rest}s` : `${m}m${rest}s`;
}

export function percent(part, whole) {
  return whole > 0 ? Math.min(100, (100 * part) / whole) : 0;
}
