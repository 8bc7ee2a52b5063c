// DOM helpers. Article text and every other value from the API is hostile: it only ever reaches the
// page through textContent / setAttribute on safe attributes, never through innerHTML.

/** Create an element: el("a", {class: "x", href: safeHref(u)}, "text", child). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "href") {
        const href = safeHref(value);
        if (href) node.setAttribute("href", href);
      } else node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** The URL if it is an absolute http(s) URL, else null: javascript:, data: and the like never become links. */
export function safeHref(value) {
  if (typeof value !== "string") return null;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/** A link to an original URL when it is http(s); otherwise the URL as plain text. */
export function externalLink(url, label) {
  const href = safeHref(url);
  if (!href) {
    // Never a link: show the address itself as inert, struck-out text.
    const text = String(url || "").slice(0, 120);
    return el("span", { class: "unsafe-url", title: "not an http(s) address: not linked" }, text);
  }
  return el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", referrerpolicy: "no-referrer" }, label || href);
}
