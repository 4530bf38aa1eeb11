"""PDF renderers (badges, sign-in sheets): plain data in, PDF bytes out.

This is the only package of the app that imports reportlab. Nothing here needs a Flask request or
calls gettext: callers pass every localised string in. Arabic and Sorani text is laid out by
`app.pdf.text` (bidi reordering with python-bidi, shaping with HarfBuzz through reportlab).
"""
