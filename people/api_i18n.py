"""The language of an API answer: ``?lang=`` for one request, else what
the middleware chose (the user's saved language, else Accept-Language)."""

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["zh-hans", "en"],
    description="Language of course, path, quiz and rubric texts (else the "
    "user's saved language, else Accept-Language).",
)


class InLanguage:
    """A viewset mixin: ``?lang=`` overrides the language for this request,
    as the site's language switch does for a page. An unknown code is
    ignored: the texts still come back, in the language chosen otherwise."""

    def initial(self, request, *args, **kwargs):
        lang = request.query_params.get("lang")
        if lang:
            try:
                code = translation.get_supported_language_variant(lang)
            except LookupError:
                code = None
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        super().initial(request, *args, **kwargs)
