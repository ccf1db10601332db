from django.core.cache import cache
from django.db import models
from django.urls import reverse

from .markdown import render_markdown


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Article(models.Model):
    """An educational article, made of sections with stable anchors."""

    slug = models.SlugField(max_length=80, unique=True, help_text="Stable: part of the public URL.")
    title = models.CharField(max_length=160)
    summary = models.CharField(max_length=300, help_text="One or two sentences for lists.")
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField(default=True)
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When an editor last reviewed this health information."
    )
    reviewed_by = models.CharField(
        max_length=160,
        blank=True,
        help_text="Who reviewed it: a person's name and role, shown with the review date.",
    )
    sources = models.TextField(
        blank=True,
        help_text="Markdown list of the sources the article draws on, by name and address.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:article", kwargs={"slug": self.slug})

    @property
    def sources_html(self):
        return render_markdown(self.sources)


class ArticleSection(models.Model):
    """A section of an article; `anchor` is its stable fragment identifier."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    anchor = models.SlugField(max_length=80, help_text="Stable: profiles link to #anchor.")
    heading = models.CharField(max_length=160)
    body = models.TextField(help_text="Markdown. Raw HTML is removed when rendered.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["article", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"], name="education_section_anchor_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.title} § {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def body_html(self):
        return render_markdown(self.body)


class Topic(models.TextChoices):
    """Things a profile explains by linking to an article section."""

    CHECKLIST_CREDENTIALS = "checklist-credentials", "Checklist: credentials and certifications"
    CHECKLIST_LICENSURE = "checklist-licensure", "Checklist: licensure and registration"
    CHECKLIST_EXPERIENCE = "checklist-experience", "Checklist: experience with chronic pain"
    CHECKLIST_REVIEWS = "checklist-reviews", "Checklist: reviews and referrals"
    SAFETY = "safety", "Safety and who should not have acupuncture"
    DISCLAIMER = "disclaimer", "Medical disclaimer"
    VERIFICATION = "verification", "How this directory verifies licenses"


class TopicLinkQuerySet(models.QuerySet):
    def as_map(self) -> dict[str, ArticleSection]:
        """Return {topic_with_underscores: section} in one query (template-friendly keys)."""
        links = self.select_related("section__article")
        return {link.topic.replace("-", "_"): link.section for link in links}


class TopicLink(models.Model):
    """Which article section explains a topic (conditions and techniques link directly)."""

    topic = models.CharField(max_length=40, choices=Topic.choices, unique=True)
    section = models.ForeignKey(ArticleSection, on_delete=models.PROTECT, related_name="+")

    objects = TopicLinkQuerySet.as_manager()

    class Meta:
        ordering = ["topic"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} → {self.section}"


# Every profile shows the same few topic links, which change only when staff
# edit the articles: read once, kept in the default cache, emptied by
# education.apps when an article, a section or a link is saved or deleted.
TOPIC_MAP_KEY = "topic-map:v1"
TOPIC_MAP_SECONDS = 300


def topic_map() -> dict[str, ArticleSection]:
    """`TopicLink.objects.as_map()`, kept between requests."""
    topics = cache.get(TOPIC_MAP_KEY)
    if topics is None:
        topics = TopicLink.objects.as_map()
        cache.set(TOPIC_MAP_KEY, topics, TOPIC_MAP_SECONDS)
    return topics


def forget_topic_map(**kwargs) -> None:
    cache.delete(TOPIC_MAP_KEY)
