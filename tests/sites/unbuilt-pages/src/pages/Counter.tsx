export default function Counter() { return null; }
