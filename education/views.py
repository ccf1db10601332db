from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Article


@require_GET
def article_list(request):
    return render(request, "education/article_list.html", {"articles": Article.objects.published()})


@require_GET
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().prefetch_related("sections"), slug=slug)
    return render(
        request,
        "education/article_detail.html",
        {
            "article": article,
            "sections": list(article.sections.all()),
            "others": Article.objects.published().exclude(pk=article.pk).only("slug", "title"),
        },
    )
