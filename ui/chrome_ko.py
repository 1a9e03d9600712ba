"""Korean for Streamlit's own words in the page (the upload button, "… per file", "Copy to clipboard", status).

Streamlit has no setting for its interface language, so a small script in the page rewrites the texts,
tooltips and placeholders listed in ``chrome_ko.json`` whenever they appear. Only Streamlit's fixed
words are listed; what the app writes is Korean already.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

WORDS = Path(__file__).with_name("chrome_ko.json")
ATTRIBUTES = ("title", "aria-label", "placeholder")

_SCRIPT = """
<script>
(() => {
  const words = %(words)s;
  const attributes = %(attributes)s;
  // the answers, quotes and document texts are data: never rewritten
  const skip = '[translate="no"], code, pre, .gj-context, [data-testid="stChatMessageContent"], ' +
               '[data-testid="stExpanderDetails"], [data-testid="stCode"]';
  const patterns = words.patterns.map(([source, target]) => [new RegExp(source), target]);
  const korean = (text) => {
    const key = text.trim();
    if (!key) return null;
    if (Object.prototype.hasOwnProperty.call(words.exact, key)) return text.replace(key, words.exact[key]);
    for (const [pattern, target] of patterns) {
      if (pattern.test(key)) return text.replace(key, key.replace(pattern, target));
    }
    return null;
  };
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const parent = node.parentElement;
      if (!parent || parent.closest(skip)) continue;
      const text = korean(node.nodeValue);
      if (text !== null && text !== node.nodeValue) node.nodeValue = text;
    }
    const elements = root.querySelectorAll ? root.querySelectorAll(attributes.map((a) => `[${a}]`).join(",")) : [];
    for (const element of elements) {
      for (const name of attributes) {
        const value = element.getAttribute(name);
        const text = value === null ? null : korean(value);
        if (text !== null && text !== value) element.setAttribute(name, text);
      }
    }
  };
  const doc = document;
  if (doc.__giljabiKorean) return;
  doc.__giljabiKorean = true;
  translate(doc.body);
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; translate(doc.body); });
  }).observe(doc.body, { subtree: true, childList: true, characterData: true, attributes: true,
                         attributeFilter: attributes });
})();
</script>
"""


@cache
def words() -> dict[str, object]:
    data = json.loads(WORDS.read_text(encoding="utf-8"))
    return {"exact": data["exact"], "patterns": data["patterns"]}


def chrome_script() -> str:
    """The script that puts Streamlit's words into Korean (JSON is safe inside a script: no ``</``)."""
    payload = json.dumps(words(), ensure_ascii=False).replace("</", "<\\/")
    return _SCRIPT % {"words": payload, "attributes": json.dumps(list(ATTRIBUTES))}


def install() -> None:
    """Add the script to the page (it runs once per browser tab and keeps watching)."""
    st.html(chrome_script(), unsafe_allow_javascript=True)
