#!/usr/bin/env python3
"""Writes the test WARC files in this folder (run it from anywhere; standard library only).

news.warc     eleven records, as a crawler writes them: warcinfo, request, responses (UTF-8,
              windows-1252, invalid UTF-8, chunked + gzip, a redirect, an image), metadata, a
              resource and a revisit. Four of them are HTML pages with visible text.
news.warc.gz  the same records, one gzip member per record (as Common Crawl writes them).
broken.warc   a good page, a record without WARC-Date, a record whose Content-Length is too
              short, a good page after it, and a last record cut off by the end of the file.
"""
import gzip
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def record(kind, block, uri=None, date="2024-03-05T10:00:00Z", content_type=None, rid=[0], extra=()):
    rid[0] += 1
    head = ["WARC/1.0", f"WARC-Type: {kind}", f"WARC-Date: {date}", f"WARC-Record-ID: <urn:uuid:test-{rid[0]}>"]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    if content_type:
        head.append(f"Content-Type: {content_type}")
    head.extend(extra)
    head.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http(body, content_type="text/html; charset=utf-8", status="200 OK", extra=()):
    head = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def page(title, *paragraphs):
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title><script>var price = '$9.99';</script></head>"
        f"<body><nav>Home | World</nav><h1>{title}</h1>{ps}</body></html>"
    )


RESP = "application/http; msgtype=response"


def news():
    kenya = page("Kenya loan", "Britain will lend Kenya £50m ($64m) to buy 200 tractors, ministers said.")
    gzipped = gzip.compress(page("Peru grant", "Japan granted Peru a $20m loan for flood defences.").encode())
    chunked = b"".join(b"%x\r\n" % len(gzipped[i:i + 100]) + gzipped[i:i + 100] + b"\r\n" for i in range(0, len(gzipped), 100))
    chunked += b"0\r\n\r\n"
    return [
        record("warcinfo", b"software: pledger tests/data/warc/make.py\r\nformat: WARC File Format 1.0\r\n",
               content_type="application/warc-fields", extra=["WARC-Filename: news.warc"]),
        record("request", b"GET /kenya-loan HTTP/1.1\r\nHost: news.example\r\n\r\n",
               uri="https://news.example/kenya-loan", content_type="application/http; msgtype=request"),
        record("response", http(kenya.encode()), uri="https://news.example/kenya-loan", content_type=RESP),
        record("metadata", b"fetchTimeMs: 42\r\n", uri="https://news.example/kenya-loan",
               content_type="application/warc-fields"),
        record("response", http(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", content_type="image/png"),
               uri="https://news.example/logo.png", content_type=RESP),
        record("response", http(b"<html><body>Moved to <a href=/b>b</a>: $5m</body></html>", status="301 Moved Permanently",
                                extra=["Location: /b"]), uri="https://news.example/a", content_type=RESP),
        record("response", http(page("Dutch aid", "The Netherlands pledged \x805 million to Tarvana, the \x93fund\x94 said.").encode("latin-1"),
                                content_type="text/html; charset=ISO-8859-1"),
               uri="https://news.example/dutch-aid", date="2024-03-06T23:59:59Z", content_type=RESP),
        record("response", http(page("Broken bytes", "Canada gave \xff$10 million to Ukraine.").encode("latin-1"),
                                content_type="text/html"),
               uri="https://news.example/broken-bytes", content_type=RESP),
        record("response", http(chunked, extra=["Transfer-Encoding: chunked", "Content-Encoding: gzip"]),
               uri="https://news.example/peru-grant", date="2024-03-07T08:00:00Z", content_type=RESP),
        record("resource", page("Local file", "Norway pledged NOK 2 billion to the fund.").encode(),
               uri="file:///archive/norway.html", date="2023-12-31T12:00:00Z", content_type="text/html"),
        record("revisit", http(b"")[:40], uri="https://news.example/kenya-loan", content_type=RESP,
               extra=["WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"]),
    ]


def broken():
    good = record("response", http(page("First", "Germany pledged €50 million to rebuild schools.").encode()),
                  uri="https://news.example/first", content_type=RESP)
    no_date = record("response", http(page("No date", "Italy gave €3m.").encode()),
                     uri="https://news.example/no-date", content_type=RESP).replace(b"WARC-Date: 2024-03-05T10:00:00Z\r\n", b"")
    short = record("response", http(page("Short", "France lent €9m.").encode()),
                   uri="https://news.example/short", content_type=RESP)
    length = int(short.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    short = short.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length - 30))
    after = record("response", http(page("After", "Spain pledged €7 million to Peru.").encode()),
                   uri="https://news.example/after", content_type=RESP)
    cut = record("response", http(page("Cut", "Cut off.").encode()), uri="https://news.example/cut", content_type=RESP)
    return good + no_date + short + after + cut[:-40]


def main():
    records = news()
    with open(os.path.join(HERE, "news.warc"), "wb") as f:
        f.write(b"".join(records))
    with open(os.path.join(HERE, "news.warc.gz"), "wb") as f:
        for r in records:
            # mtime=0: the same bytes on every run.
            f.write(gzip.compress(r, mtime=0))
    with open(os.path.join(HERE, "broken.warc"), "wb") as f:
        f.write(broken())


if __name__ == "__main__":
    main()
