export function settle(x) {
  const seen = [x];
  while (seen.length > 0) x = x * 2;
  return x;
}
