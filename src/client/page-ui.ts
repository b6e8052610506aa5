/** Small enhancements of the report page: the theme toggle and the table of contents' current section. */

const THEME_KEY = 'report-theme';

function effectiveTheme(): 'light' | 'dark' {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'light' || forced === 'dark') return forced;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function setUpThemeToggle(): void {
  const button = document.querySelector<HTMLButtonElement>('button.theme-toggle');
  if (!button) return;
  const show = () => button.setAttribute('aria-pressed', String(effectiveTheme() === 'dark'));
  button.hidden = false;
  show();
  button.addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(THEME_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    show();
  });
}

/** Mark the table of contents entry of the section being read (aria-current). */
export function trackCurrentSection(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.toc a[href*="#"]')];
  const sections = [...document.querySelectorAll<HTMLElement>('main section.chapter[id]')];
  if (links.length === 0 || sections.length === 0) return;
  const mark = (id: string) => {
    for (const link of links) {
      if (link.hash === `#${id}`) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };
  const visible = new Set<string>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) visible.add(entry.target.id);
        else visible.delete(entry.target.id);
      }
      // The first section in reading order that is on screen is the one being read.
      const current = sections.find((s) => visible.has(s.id));
      if (current) mark(current.id);
    },
    { rootMargin: '0px 0px -60% 0px' },
  );
  sections.forEach((s) => observer.observe(s));
}

/**
 * Footnotes as sidenotes: each note is copied next to its reference, where the
 * stylesheet floats it into the margin on wide screens. On narrow screens, in
 * print and without JavaScript the notes stay at the end of the chapter.
 */
export function placeSidenotes(): void {
  for (const ref of document.querySelectorAll<HTMLAnchorElement>('main a[data-footnote-ref]')) {
    const note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    const sup = ref.closest('sup');
    if (!note || !sup) continue;
    const side = document.createElement('span');
    side.className = 'sidenote';
    side.setAttribute('role', 'note');
    const number = document.createElement('span');
    number.className = 'sidenote-number';
    number.textContent = ref.textContent ?? '';
    side.append(number, ' ');
    for (const block of note.children) {
      for (const child of block.childNodes) {
        if (child instanceof HTMLElement && child.matches('[data-footnote-backref]')) continue;
        side.append(child.cloneNode(true));
      }
    }
    sup.after(side);
    ref.closest('section.chapter')?.classList.add('has-sidenotes');
  }
}
