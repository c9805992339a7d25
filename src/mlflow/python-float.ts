/**
 * MLflow writes metric values with Python's `str(float)`: `nan`, `inf`, `-inf`, `1.0` for whole numbers,
 * and exponent notation below 1e-4 or from 1e16 on. Writing the same spelling keeps exported metric files
 * byte-identical to MLflow's own; reading accepts whatever Python's `float()` would.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** The number Python's `float(text)` gives, or undefined for text it would reject. */
export function parsePythonFloat(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  const special = SPECIAL.exec(text);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

/**
 * Python's `repr(float)`. Both languages print the shortest digits that round-trip, so only the layout
 * differs: Python switches to exponent notation below 1e-4 and from 1e16, and keeps a `.0` on whole numbers.
 * @example formatPythonFloat(1) // "1.0"; formatPythonFloat(0.00001) // "1e-05"; formatPythonFloat(NaN) // "nan"
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === "" ? "0" : fraction}`;
}
