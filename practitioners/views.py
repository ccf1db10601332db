from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Practitioner


@require_GET
def search(request):
    practitioners = Practitioner.objects.listed().verified()[:20]
    return render(request, "practitioners/search.html", {"practitioners": practitioners})


@require_GET
def detail(request, slug):
    practitioner = get_object_or_404(Practitioner.objects.listed(), slug=slug)
    return render(request, "practitioners/detail.html", {"practitioner": practitioner})
