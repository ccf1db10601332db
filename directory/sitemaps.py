from django.contrib.sitemaps import Sitemap

from education.models import Article
from practitioners.models import Practitioner


class PractitionerSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Practitioner.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {"practitioners": PractitionerSitemap, "learn": ArticleSitemap}
