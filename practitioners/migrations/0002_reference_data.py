"""Reference data: conditions, techniques, languages and per-state licensing boards.

Each condition and technique points at the article section that explains it.
This data is editable afterwards (admin); the migration only seeds it.
"""

from django.db import migrations

# slug, name, (article slug, section anchor)
CONDITIONS = [
    ("low-back-pain", "Low back pain", ("chronic-pain", "low-back-and-neck-pain")),
    ("neck-pain", "Neck pain", ("chronic-pain", "low-back-and-neck-pain")),
    ("osteoarthritis", "Osteoarthritis", ("chronic-pain", "arthritis")),
    ("rheumatoid-arthritis", "Rheumatoid arthritis", ("chronic-pain", "arthritis")),
    ("fibromyalgia", "Fibromyalgia", ("chronic-pain", "fibromyalgia")),
    ("migraine", "Migraine", ("chronic-pain", "headache-and-migraine")),
    ("tension-headache", "Tension headache", ("chronic-pain", "headache-and-migraine")),
    ("neuropathic-pain", "Neuropathic (nerve) pain", ("chronic-pain", "neuropathic-pain")),
    ("sciatica", "Sciatica", ("chronic-pain", "neuropathic-pain")),
    ("injury-related-pain", "Pain after an injury", ("chronic-pain", "causes")),
]

TECHNIQUES = [
    ("tcm", "TCM acupuncture", ("acupuncture-techniques", "tcm")),
    (
        "western-medical",
        "Western medical acupuncture",
        ("acupuncture-techniques", "western-medical"),
    ),
    ("auricular", "Auricular (ear) acupuncture", ("acupuncture-techniques", "auricular")),
    ("electro", "Electro-acupuncture", ("acupuncture-techniques", "electro")),
]

LANGUAGES = [
    ("en", "English"), ("es", "Spanish"), ("zh", "Chinese"), ("ko", "Korean"),
    ("vi", "Vietnamese"), ("ja", "Japanese"), ("tl", "Tagalog"), ("ru", "Russian"),
    ("fr", "French"), ("ar", "Arabic"), ("pt", "Portuguese"), ("de", "German"),
    ("hi", "Hindi"), ("fa", "Persian"), ("it", "Italian"), ("pl", "Polish"),
    ("he", "Hebrew"), ("th", "Thai"), ("ht", "Haitian Creole"), ("uk", "Ukrainian"),
]  # fmt: skip

# States usually named as not licensing acupuncturists. Sources disagree and the
# list has changed over the years: staff keep this current in the admin.
NOT_LICENSING = {"AL", "OK", "SD"}

STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("PR", "Puerto Rico"), ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
]  # fmt: skip


def seed(apps, schema_editor):
    ArticleSection = apps.get_model("education", "ArticleSection")
    Condition = apps.get_model("practitioners", "Condition")
    Technique = apps.get_model("practitioners", "Technique")
    Language = apps.get_model("practitioners", "Language")
    LicensingBoard = apps.get_model("practitioners", "LicensingBoard")

    def section(article_slug, anchor):
        return ArticleSection.objects.filter(article__slug=article_slug, anchor=anchor).first()

    for order, (slug, name, where) in enumerate(CONDITIONS, start=1):
        Condition.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order * 10, "explained_by": section(*where)}
        )
    for order, (slug, name, where) in enumerate(TECHNIQUES, start=1):
        Technique.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order * 10, "explained_by": section(*where)}
        )
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
    for code, state_name in STATES:
        licenses = code not in NOT_LICENSING
        LicensingBoard.objects.update_or_create(
            state=code,
            defaults={
                # Board names and lookup URLs are filled in by staff from each
                # board's own site; the seed names the authority generically.
                "name": f"{state_name} acupuncture licensing authority" if licenses else "",
                "licenses_acupuncturists": licenses,
                "notes": (
                    "Usually named as not licensing acupuncturists; sources disagree. "
                    "Confirm with the state before relying on this."
                )
                if not licenses
                else "",
            },
        )


def unseed(apps, schema_editor):
    for model in ("Condition", "Technique", "Language", "LicensingBoard"):
        apps.get_model("practitioners", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0001_initial"),
        ("education", "0002_articles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
