export interface Post {
  slug: string;
  title: string;
  tags: string[];
}

export function shout(text: string): string {
  return text.toUpperCase() + '!';
}
