"""One hardened lxml configuration for every XML and HTML the readers parse."""

from __future__ import annotations

from lxml import etree

from yusuan.errors import UnreadableDocument

# No entity expansion, no DTD loading, no network, default tree limits (no huge_tree):
# billion-laughs and external-entity tricks fail instead of eating memory or leaking files.
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(data: bytes, what: str, path: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise UnreadableDocument(
            f"文档内容已损坏（{what}：{e}）：{path}", f"corrupt document ({what}: {e}): {path}"
        ) from None
