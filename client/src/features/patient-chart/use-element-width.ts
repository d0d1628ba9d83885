import { type RefCallback, useCallback, useState } from 'react';

/**
 * The width in CSS pixels of the element the returned ref is put on, followed as it resizes (a
 * tablet turned, a window narrowed): the content box, padding left out. 0 until it is laid out.
 */
export function useElementWidth<T extends Element>(): [RefCallback<T>, number] {
  const [width, setWidth] = useState(0);
  const ref = useCallback<RefCallback<T>>((element) => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
