export interface Post {
  title: string;
  slug: string;
  date: Date;
  tags: string[];
  summary: string;
  body: string;
}

export const posts: Post[] = [
  {
    title: 'Hello, astral',
    slug: 'hello-astral',
    date: new Date('2026-01-10'),
    tags: ['intro'],
    summary: 'Why a <em>Rust</em> toolchain for components.',
    body: '<p>Fast builds, clear errors.</p>',
  },
  {
    title: 'Islands',
    slug: 'islands',
    date: new Date('2026-02-02'),
    tags: ['islands', 'performance'],
    summary: 'Server and browser islands.',
    body: '<p>Ship less JavaScript.</p>',
  },
];
