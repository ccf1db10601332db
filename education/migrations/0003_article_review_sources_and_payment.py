"""Name each article's reviewer, list its sources, add the payment article and the
safety, pregnancy and first-visit sections (facts from docs: domain.md)."""

import datetime
from inspect import cleandoc

from django.db import migrations, models

REVIEWED_ON = datetime.date(2026, 12, 1)
# A role, until the editors enter the reviewing person's name in the admin.
REVIEWED_BY = "the directory's clinical editor, a licensed acupuncturist (L.Ac.)"

NCCIH = (
    '- US National Center for Complementary and Integrative Health, "Acupuncture: What You '
    'Need To Know", <https://www.nccih.nih.gov/health/acupuncture-what-you-need-to-know>'
)
MEDICARE = '- Medicare.gov, "Acupuncture", <https://www.medicare.gov/coverage/acupuncture>'
NCD = (
    "- Centers for Medicare & Medicaid Services, national coverage determination 30.3.3, "
    '"Acupuncture for Chronic Low Back Pain", <https://www.cms.gov>'
)
IRS = "- IRS Publication 502, Medical and Dental Expenses, <https://www.irs.gov/publications/p502>"
NCCAOM = "- NCCAOM, national board certification in acupuncture, <https://www.nccaom.org>"

SOURCES = {
    "chronic-pain": [NCCIH],
    "how-acupuncture-may-help": [NCCIH],
    "acupuncture-techniques": [NCCIH],
    "finding-a-qualified-acupuncturist": [NCCAOM, NCCIH],
    "safety": [NCCIH],
    "paying-for-acupuncture": [MEDICARE, NCD, IRS],
}

SAFETY_SUMMARY = (
    "Acupuncture is not suitable for everyone. When to take extra care, needles and hygiene, "
    "common side effects and rare serious risks, pregnancy, and the signs to seek care for."
)

NEW_SECTIONS = {
    "safety": [
        (
            "side-effects",
            "Common side effects",
            """
            When acupuncture is given by a trained practitioner with sterile needles, side
            effects are usually mild and pass quickly. The common ones are:

            - soreness where the needles went in
            - a little bleeding or bruising at needle sites
            - tiredness after a session
            - feeling light-headed or faint; lying down during treatment helps, so tell the
              practitioner if you have fainted before
            """,
        ),
        (
            "serious-risks",
            "Rare but serious risks",
            """
            Serious problems are rare, but they do happen:

            - infections, from needles that were not sterile or not single-use
            - very rarely, injury to an organ, such as a collapsed lung, when a needle goes in
              too deep

            Both are why training, a state license and sterile, single-use needles matter.
            """,
        ),
        (
            "pregnancy",
            "Pregnancy and other things to tell your practitioner",
            """
            Tell your practitioner before treatment if you:

            - are pregnant, or might be: some points are traditionally avoided in pregnancy
            - have a bleeding disorder or take an anticoagulant (a blood thinner)
            - have a pacemaker or another implanted electrical device: electro-acupuncture
              should not be used
            """,
        ),
        (
            "warning-signs",
            "When to seek medical care",
            """
            Stop treatment and seek medical care if you have, after a session:

            - pain that gets worse
            - a fever, or redness or swelling at needle sites
            - sudden shortness of breath: get urgent care straight away

            Read our [medical disclaimer](/learn/disclaimer/).
            """,
        ),
    ],
    "how-acupuncture-may-help": [
        (
            "first-visit",
            "Your first visit",
            """
            A first visit is usually longer than later ones. You can expect:

            - questions about your pain, your health history and any medication you take
            - an explanation of what the practitioner suggests and how many sessions to try
              before you both judge whether it is helping
            - treatment lying down or seated, with thin, sterile, single-use needles left in
              for a while; you can ask to stop at any time

            Bring a list of your medicines and tell the practitioner if you are pregnant or
            might be.
            """,
        ),
    ],
}

PAYING = {
    "slug": "paying-for-acupuncture",
    "title": "Paying for acupuncture for chronic pain",
    "summary": (
        "What Medicare, Medicaid, the VA and private plans may cover, how HSA and FSA accounts "
        "can help, and lower-cost community clinics. Always check with your plan."
    ),
    "order": 45,
    "sections": [
        (
            "what-the-directory-shows",
            "What the directory shows",
            """
            Each profile shows the ways to pay that the practitioner says they accept. We
            explain the rules here, but we cannot promise that a visit will be covered: only
            your plan can tell you that. Check with your plan before you book.
            """,
        ),
        (
            "medicare",
            "Medicare",
            """
            Since January 2020, Medicare Part B covers acupuncture for one condition only:
            **chronic low back pain**. Here that means pain that has lasted 12 weeks or longer,
            has no identifiable systemic cause (such as a disease that has spread, or an
            inflammatory or infectious disease), and is not linked to surgery or pregnancy.

            - Up to 12 visits in 90 days are covered, and 8 more if you are improving, with at
              most 20 in a year.
            - Coverage stops if you are not improving or get worse.
            - After the Part B deductible you pay 20% of the Medicare-approved amount.
            - Dry needling counts as acupuncture under this rule.

            **Medicare cannot pay a licensed acupuncturist directly.** The visit must be given,
            and billed, by a physician, physician assistant, nurse practitioner or clinical
            nurse specialist, or by staff such as a licensed acupuncturist working under that
            provider's required supervision. The acupuncturist then needs a master's or
            doctoral degree from an ACAOM-accredited school and a current, full, active and
            unrestricted state license. So "Medicare" on a profile means the practitioner can
            see Medicare patients through a qualifying provider; ask them how.

            Medicare Advantage (Part C) plans may cover more than Original Medicare; it depends
            on the plan.
            """,
        ),
        (
            "medicaid",
            "Medicaid",
            """
            Medicaid coverage of acupuncture differs from state to state. Some states cover it,
            often for pain; many do not. A profile names the state whose Medicaid the
            practitioner accepts. Ask your state's Medicaid program what it covers.
            """,
        ),
        (
            "veterans",
            "Veterans",
            """
            The VA offers acupuncture in its own clinics and through community care providers
            it has approved (VA Community Care). Ask your VA care team about a referral before
            you book with a community provider.
            """,
        ),
        (
            "private-insurance",
            "Private insurance",
            """
            Many private plans cover some acupuncture, often for pain and with a limit on
            visits. Practitioners list the plans they accept in their own words; ask your plan
            what it covers and whether the practitioner is in its network.
            """,
        ),
        (
            "hsa-fsa",
            "HSA and FSA accounts",
            """
            Acupuncture is a qualified medical expense under US tax rules (IRS Publication 502
            lists it), so a health savings account (HSA) or flexible spending account (FSA) can
            usually pay for it. Check your account's own rules.
            """,
        ),
        (
            "lower-cost",
            "Lower-cost options",
            """
            Community acupuncture clinics treat several people in one room, usually on a
            sliding scale. Some practitioners also offer a sliding scale on their own. You can
            search for both.
            """,
        ),
        (
            "ask-your-plan",
            "Ask your plan",
            """
            Before your first visit, ask your plan:

            - does it cover acupuncture, and for which conditions?
            - how many visits, and what will you pay for each?
            - does the practitioner, or the provider who bills for them, need to be in network?
            - do you need a referral or prior approval?

            This article is general information, not advice about your coverage. Read our
            [medical disclaimer](/learn/disclaimer/).
            """,
        ),
    ],
}


def forwards(apps, schema_editor):
    Article = apps.get_model("education", "Article")
    ArticleSection = apps.get_model("education", "ArticleSection")
    db = schema_editor.connection.alias
    paying = Article.objects.using(db).create(
        slug=PAYING["slug"],
        title=PAYING["title"],
        summary=PAYING["summary"],
        order=PAYING["order"],
        is_published=True,
    )
    for position, (anchor, heading, body) in enumerate(PAYING["sections"], start=1):
        ArticleSection.objects.using(db).create(
            article=paying, anchor=anchor, heading=heading, body=cleandoc(body), order=position * 10
        )
    for slug, sections in NEW_SECTIONS.items():
        article = Article.objects.using(db).filter(slug=slug).first()
        if article is None:
            continue
        last = max(article.sections.values_list("order", flat=True), default=0)
        for position, (anchor, heading, body) in enumerate(sections, start=1):
            ArticleSection.objects.using(db).get_or_create(
                article=article,
                anchor=anchor,
                defaults={"heading": heading, "body": cleandoc(body), "order": last + position},
            )
    Article.objects.using(db).filter(slug="safety").update(summary=SAFETY_SUMMARY)
    for slug, sources in SOURCES.items():
        Article.objects.using(db).filter(slug=slug).update(sources="\n".join(sources))
    Article.objects.using(db).update(reviewed_on=REVIEWED_ON, reviewed_by=REVIEWED_BY)


def backwards(apps, schema_editor):
    Article = apps.get_model("education", "Article")
    ArticleSection = apps.get_model("education", "ArticleSection")
    db = schema_editor.connection.alias
    Article.objects.using(db).filter(slug=PAYING["slug"]).delete()
    for slug, sections in NEW_SECTIONS.items():
        ArticleSection.objects.using(db).filter(
            article__slug=slug, anchor__in=[anchor for anchor, _, _ in sections]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0002_articles")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="reviewed_by",
            field=models.CharField(
                blank=True,
                help_text="Who reviewed it: a person's name and role, shown with the review date.",
                max_length=160,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="sources",
            field=models.TextField(
                blank=True,
                help_text="Markdown list of the sources the article draws on, by name and address.",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
