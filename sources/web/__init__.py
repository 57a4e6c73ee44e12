"""Web pages (URL lists, WARC archives, local sites) rendered in headless Chromium to `web_code`,
`doc_ocr` and `interleaved` samples: `read` is the entry point; `browser` drives Chromium, `resources`
serves a page's sub-resources, `samples` turns a rendered page into samples, `html_simplify` and
`url_lists` do what they say.
"""
