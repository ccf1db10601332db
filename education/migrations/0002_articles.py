"""Create the educational articles that profiles link to by slug and #anchor."""

import datetime
from inspect import cleandoc

from django.db import migrations

REVIEWED_ON = datetime.date(2026, 11, 23)

# The content as first published, frozen here so the migration never changes; editors
# maintain it in the admin afterwards. Slugs and anchors are stable: profiles and the
# topic links below point at them. Bodies are Markdown (dedented with cleandoc).
ARTICLES = [
    {
        "slug": "chronic-pain",
        "title": "Understanding chronic pain",
        "summary": (
            "What chronic pain is, why it is more than a sensation, and the common forms it "
            "takes, from back and neck pain to arthritis, fibromyalgia, headache and nerve pain."
        ),
        "order": 10,
        "sections": [
            (
                "what-is-chronic-pain",
                "What is chronic pain?",
                """
                Most pain fades as the body heals. Chronic pain is pain that goes on past the time
                that healing is expected to take. It is usually taken to mean pain that has lasted
                more than 12 weeks.

                If you live with pain like this, it is real, and it deserves care and attention.

                This article explains what chronic pain is and the forms it often takes. It can help
                you talk with your doctor, and with an acupuncturist, about what you are going
                through. It cannot tell you what is causing your own pain. Only a healthcare
                professional who examines you can do that.
                """,
            ),
            (
                "more-than-a-sensation",
                "More than a sensation",
                """
                Chronic pain is not only something you feel in one spot. It is biological,
                psychological and social, all at once. In everyday words, it touches:

                - **your body:** what is happening in your muscles, joints and nerves
                - **your mind:** your thoughts, worries and mood
                - **your daily life:** your work, your family and friends, and the things you enjoy

                These parts are connected. So it can help to think about all three, not only the
                pain itself. When you talk to your healthcare team, or to an acupuncturist, tell
                them how pain affects your days, not just where it hurts.
                """,
            ),
            (
                "causes",
                "Common causes",
                """
                Chronic pain can start in different ways. Common causes include:

                - injuries
                - inflammatory disorders (conditions that involve inflammation)
                - long-term (chronic) illnesses, such as arthritis and fibromyalgia
                - nerve damage and neuropathies (conditions that affect the nerves)

                Sometimes the cause is clear, and sometimes it is not. Either way, your doctor is
                the right person to look for the cause of your pain. Knowing more about it can help
                you and the people who treat you decide what to try.

                The sections below describe some of the forms chronic pain often takes.
                """,
            ),
            (
                "low-back-and-neck-pain",
                "Low back and neck pain",
                """
                Pain in the low back and in the neck are common forms of chronic pain.

                If this is your kind of pain, it can help to keep a few notes: when it started, what
                makes it better or worse, and how it affects your sleep, your work and your mood.
                Share these notes with your doctor, and with any acupuncturist you are thinking of
                seeing.

                On this directory, practitioners list the conditions they treat. Look for someone
                who treats your kind of pain, and ask about their experience with it. The
                [experience section of our
                checklist](/learn/finding-a-qualified-acupuncturist/#experience) suggests questions
                to ask.
                """,
            ),
            (
                "arthritis",
                "Arthritis: osteoarthritis and rheumatoid arthritis",
                """
                Arthritis is a long-term illness and a common cause of chronic pain. Two forms come
                up often: osteoarthritis and rheumatoid arthritis. They are different conditions, so
                it matters which one you have. Your doctor can tell you, and can explain the
                treatment options for it.

                If you are thinking about acupuncture for arthritis pain, it would be used alongside
                the care your doctor gives you, not in place of it. Read more about [acupuncture
                alongside your usual
                care](/learn/how-acupuncture-may-help/#alongside-conventional-care).

                Tell any acupuncturist which form of arthritis you have, what treatment you already
                get, and every medicine you take.
                """,
            ),
            (
                "fibromyalgia",
                "Fibromyalgia",
                """
                Fibromyalgia is a long-term illness and a common cause of chronic pain. Like other
                chronic pain, it can affect your body, your mood and your daily life.

                If you have fibromyalgia, look for a practitioner who lists it among the conditions
                they treat. Ask how they have worked with other people who have it, and what a
                course of treatment has looked like.

                Keep your doctor in the loop. Keep going with the treatment they have prescribed,
                and talk to them before you change anything. Acupuncture is used alongside
                conventional care, not instead of it.
                """,
            ),
            (
                "headache-and-migraine",
                "Headache and migraine",
                """
                Migraine and tension headache are common forms of chronic pain. They are not the
                same thing. Your doctor can help you work out which kind you have.

                A headache diary can help. Write down when each headache starts, how long it lasts,
                how strong it is, and anything that seemed to set it off. Bring the diary to your
                doctor, and to any acupuncturist you see, so they can understand your pattern.

                If you are worried about a headache, or your headaches change, talk to your doctor.
                """,
            ),
            (
                "neuropathic-pain",
                "Nerve pain (neuropathic pain)",
                """
                Neuropathic pain is pain that comes from nerve damage or from neuropathies, which
                are conditions that affect the nerves. Sciatica is often given as a common example
                of pain from an irritated nerve. Only your doctor can tell you whether that is what
                you have.

                People who practise acupuncture suggest it may change how the nervous system handles
                pain, and how you feel pain. This is one of several ideas put forward by its
                supporters, and it should not be read as proven. You can read more in [ways
                acupuncture is thought to ease
                pain](/learn/how-acupuncture-may-help/#proposed-mechanisms).

                This page is general information, not medical advice: see our
                [medical disclaimer](/learn/disclaimer/).
                """,
            ),
        ],
    },
    {
        "slug": "how-acupuncture-may-help",
        "title": "How acupuncture is thought to help with chronic pain",
        "summary": (
            "What acupuncture is, the traditional view behind it, the ways it is thought to ease "
            "chronic pain, and what to expect if you try it."
        ),
        "order": 20,
        "sections": [
            (
                "what-is-acupuncture",
                "What is acupuncture?",
                """
                Acupuncture is a technique from traditional Chinese medicine (TCM), a system of care
                that is thousands of years old. A practitioner inserts thin needles at specific
                points on your body.

                Today there is more than one kind of acupuncture. Some practitioners follow the
                traditional Chinese approach. Others, often physicians or physiotherapists, practise
                Western medical acupuncture. You can read about the
                [kinds of acupuncture](/learn/acupuncture-techniques/) in a separate article.

                If you live with chronic pain, you may be wondering whether acupuncture could help
                you. The sections below explain how it is thought to work, what patients report, and
                what to expect.
                """,
            ),
            (
                "traditional-view",
                "The traditional view: qi and meridians",
                """
                The traditional model of acupuncture speaks of *qi*, a vital energy. Qi is described
                as flowing through the body along pathways called *meridians*. In this view, placing
                needles at specific points is meant to restore the balance of qi.

                This is the traditional way of explaining acupuncture, not an established scientific
                one. Qi and meridians are ideas from that tradition, not findings of modern science.

                Your acupuncturist may use these words. It is fine to ask what they mean by them,
                and how they would explain your treatment in everyday terms. The next section
                describes the other explanations that are put forward.
                """,
            ),
            (
                "proposed-mechanisms",
                "Ways it is thought to ease pain",
                """
                People who practise and support acupuncture put forward several ways it may ease
                pain. Some of these ideas have support from studies. None of them should be read as
                proven. Acupuncture is thought to:

                - help your body release *endorphins*, its own natural pain-relieving chemicals
                - lower markers of inflammation in the body
                - change how your nervous system handles pain signals and how you feel pain, which
                  is why it is discussed for nerve (neuropathic) pain
                - help you relax, through the calming part of the nervous system (the
                  parasympathetic system), and lower stress hormones such as cortisol
                - bring more blood flow to tense or injured areas

                Keep in mind that acupuncture may not help everyone, and it is not a cure for
                chronic pain.
                """,
            ),
            (
                "mood-and-sleep",
                "Mood and sleep",
                """
                Patients who have acupuncture also report that their mood and their sleep get
                better. These reports come from people's own experience. They matter, but they are
                not proof that acupuncture caused the change.

                Chronic pain touches your mind and your daily life, not only your body. So it is
                worth keeping track of your mood and sleep while you have treatment, and sharing
                what you notice with your acupuncturist and your doctor.

                If low mood or poor sleep is a big part of what you are struggling with, tell your
                doctor. They can help you look at all your options.
                """,
            ),
            (
                "alongside-conventional-care",
                "Alongside your usual care, not instead of it",
                """
                Acupuncture is used alongside conventional care, not in place of it. Conventional
                care for chronic pain can include:

                - medication
                - physical therapy
                - lifestyle changes

                Please don't stop or change a prescribed treatment because you are starting
                acupuncture. Talk to your doctor first. Tell your acupuncturist about your diagnosis
                and every medicine you take.

                Some health conditions and medicines matter for safety. Our
                [safety article](/learn/safety/#who-should-not) gives examples of when acupuncture
                may not be suitable.
                """,
            ),
            (
                "what-to-expect",
                "What to expect",
                """
                At a session, your acupuncturist inserts thin needles at specific points. The
                needles must be sterile and used only once, and good hygiene is a must. You can
                always ask about this.

                Several sessions are usually needed, so it may take more than one visit to know
                whether acupuncture helps you. At the start, ask how many sessions they suggest,
                what it will cost, and how you will both tell whether it is working.

                Treatment should not feel rough. Overly aggressive or painful technique can be a
                sign of inexperience, and you can ask the practitioner to stop at any time. Our
                [safety article](/learn/safety/) tells you more.

                This page is general information, not medical advice: see our
                [medical disclaimer](/learn/disclaimer/).
                """,
            ),
        ],
    },
    {
        "slug": "acupuncture-techniques",
        "title": "Kinds of acupuncture",
        "summary": (
            "The four kinds of acupuncture you can look for on this directory: TCM, Western "
            "medical, auricular (ear) and electro-acupuncture."
        ),
        "order": 30,
        "sections": [
            (
                "tcm",
                "TCM acupuncture",
                """
                TCM acupuncture follows traditional Chinese medicine, the tradition acupuncture
                comes from. It uses the traditional model of *qi*, a vital energy said to flow along
                pathways called *meridians*. Thin needles are placed at specific points, with the
                aim of restoring the balance of qi.

                Keep in mind that qi and meridians are a traditional way of explaining the
                treatment, not established science. You can read more in
                [the traditional view](/learn/how-acupuncture-may-help/#traditional-view).

                Whatever the kind of acupuncture, the same checklist applies: look at the
                practitioner's license, credentials, experience with your kind of pain, and reviews.
                """,
            ),
            (
                "western-medical",
                "Western medical acupuncture",
                """
                Western medical acupuncture is often practised by physicians and physiotherapists
                (physical therapists). Like other kinds of acupuncture, it uses thin needles placed
                at specific points.

                Some physicians hold a board certification in medical acupuncture, which you may see
                shown as ABMA. The [credentials section of our
                checklist](/learn/finding-a-qualified-acupuncturist/#credentials) explains what the
                different letters mean.

                If you see a physician or physical therapist for acupuncture, ask how it will fit in
                with the rest of your care. As with any kind of acupuncture, it is used alongside
                conventional care, not instead of it.
                """,
            ),
            (
                "auricular",
                "Auricular (ear) acupuncture",
                """
                Auricular acupuncture uses points on the ear. The word *auricular* simply means "to
                do with the ear".

                If you are curious about it, ask the practitioner why they suggest it for your kind
                of pain, and how it fits with the rest of your treatment. The same standards apply
                as for any acupuncture: sterile, single-use needles, proper hygiene, and a gentle
                technique.

                On this directory you can search by technique, so you can find practitioners who
                list auricular acupuncture among the kinds they offer.
                """,
            ),
            (
                "electro",
                "Electro-acupuncture",
                """
                In electro-acupuncture, a small electric current is passed through the needles.

                Electro-acupuncture is avoided if you have a pacemaker or any other implanted
                electrical device. If you have one, tell the practitioner before any treatment, and
                talk with your doctor before you start. Our
                [safety article](/learn/safety/#who-should-not) gives other examples of when
                acupuncture may not be suitable.

                If a practitioner suggests electro-acupuncture, you can ask what it involves and how
                it will feel. You can say no, or ask them to stop at any time.

                This page is general information, not medical advice: see our
                [medical disclaimer](/learn/disclaimer/).
                """,
            ),
        ],
    },
    {
        "slug": "finding-a-qualified-acupuncturist",
        "title": "Finding a qualified acupuncturist: the four-point checklist",
        "summary": (
            "Four things to check before you book: credentials, license, experience with chronic "
            "pain, and reviews and referrals. Plus how this directory verifies licenses and "
            "credentials."
        ),
        "order": 40,
        "sections": [
            (
                "credentials",
                "1. Credentials and certifications",
                """
                In the US, acupuncturists can hold several kinds of credentials. You may see:

                - **L.Ac.** (Licensed Acupuncturist): a title given by a state, not by NCCAOM.
                - **NCCAOM board certifications:** Dipl. Ac. (Diplomate of Acupuncture), Dipl. O.M.
                  (Oriental Medicine), Dipl. C.H. (Chinese Herbology) and Dipl. ABT (Asian Bodywork
                  Therapy). They are renewed every 4 years, and NCCAOM itself is the primary source
                  for checking them.
                - **Doctoral degrees:** DACM and DAOM.
                - **Physicians** with a board certification in medical acupuncture (ABMA).

                On this directory, a credential counts on the checklist only once one of our
                verifiers has checked it. Until then, the profile shows its status, so you can tell
                what has been checked and what has not.
                """,
            ),
            (
                "licensure",
                "2. Licensure and registration",
                """
                A license is issued by a state board, for a state. Each license has a number, a
                status and an expiry date. For each license, a profile shows:

                - the state and the license number
                - its status
                - when it was verified, and against which source
                - when it expires

                If a license expires or is revoked, the practitioner loses the "verified" badge
                automatically.

                A few states do not license acupuncturists at all. Which ones has changed over the
                years, and sources disagree. Alabama, Oklahoma and South Dakota are the ones usually
                named. If you live in one of them, or you are not sure, check with your state. Where
                there is no license to check, look closely at the other three points.
                """,
            ),
            (
                "experience",
                "3. Experience with chronic pain",
                """
                Chronic pain takes many forms, so experience matters. Each profile shows:

                - years in practice
                - years treating chronic pain
                - the conditions the practitioner treats, chosen from a set list

                Look for someone who treats *your* kind of pain, whether that is low back pain,
                fibromyalgia, migraine or nerve pain. Then ask them directly:

                - How often do you treat people with my condition?
                - What has a course of treatment looked like for them?
                - How will we tell whether it is helping?

                A practitioner should be happy to answer, and honest about what acupuncture may and
                may not do for you.
                """,
            ),
            (
                "reviews-and-referrals",
                "4. Reviews and referrals",
                """
                Other patients' experiences can help you choose. Each profile shows an overall
                rating, the number of reviews, and ratings for the things that matter most in
                chronic pain care:

                - pain relief
                - listening and explanation
                - hygiene and safety
                - gentleness of technique

                Look at the number of reviews as well as the rating. Reviews are moderated before
                they appear, and you can report one that seems wrong. Because reviews may mention
                health conditions, we show only the display name each author chose, never their
                email.

                A profile also shows whether the practitioner accepts and sends referrals with your
                physician. That can make it easier to keep your healthcare team working together.
                """,
            ),
            (
                "how-we-verify",
                "How we verify licenses and credentials",
                """
                Our staff verifiers check each license against the state board that issued it, using
                the board's lookup or a board roster. They check certifications against their
                primary source, such as the NCCAOM registry. Each record has one of these statuses:

                - **Unverified:** entered, but no proof sent yet.
                - **Pending:** proof sent, waiting for a verifier.
                - **Verified:** checked against the primary source.
                - **Rejected:** not accepted; the practitioner is told why.
                - **Expired:** the expiry date has passed.
                - **Needs review:** a verified detail was edited, or it is time for a re-check.

                A verified record keeps who checked it, when, against which source, and when the
                next re-check is due. Editing a verified license number, state or expiry date sends
                it back for review, and the badge drops until a verifier looks again. A practitioner
                is shown as verified when they hold at least one verified, unexpired, active
                license.

                This page is general information, not medical advice: see our
                [medical disclaimer](/learn/disclaimer/).
                """,
            ),
        ],
    },
    {
        "slug": "safety",
        "title": "Safety: who should not have acupuncture",
        "summary": (
            "Acupuncture is not suitable for everyone. When to take extra care, what to expect on"
            " needles and hygiene, warning signs, and why to keep your healthcare team involved."
        ),
        "order": 50,
        "sections": [
            (
                "talk-to-your-doctor",
                "Talk to your doctor first",
                """
                Before you start acupuncture, talk with your doctor or another healthcare provider.
                This matters most if you have an existing health condition or take any medication.

                Your provider knows your health history. They can help you decide whether
                acupuncture is a sensible thing to try. It can help to bring:

                - a list of your health conditions
                - a list of every medicine you take
                - any questions about the practitioner you are thinking of seeing

                Then share the same information with your acupuncturist at your first visit.
                """,
            ),
            (
                "who-should-not",
                "Who should not have acupuncture",
                """
                Acupuncture is not suitable for everyone. Examples of when it may not be suitable
                include:

                - **Bleeding disorders**, or taking **anticoagulant medication** (sometimes called
                  blood thinners).
                - **Pacemakers.** Electro-acupuncture in particular, where a small electric current
                  passes through the needles, is avoided if you have a pacemaker or any other
                  implanted electrical device.

                These are examples only, not a complete list. Other health conditions or medicines
                may matter too. Please check with your healthcare provider before you start, and
                tell your acupuncturist about your conditions and medicines. If you are not sure
                whether something applies to you, ask before any needles are used.
                """,
            ),
            (
                "sterile-needles",
                "Sterile needles and hygiene",
                """
                Sterile, single-use needles and proper hygiene are a must, every time. A needle
                should be used once, on one person, and never again.

                You have every right to check. You can:

                - ask whether the needles are sterile and single-use
                - ask to see that new needles are being used for you
                - notice whether the treatment room is clean and tidy
                - ask any question about hygiene that is on your mind

                A careful practitioner will be glad to answer. If you are not comfortable with what
                you see, you can stop the session and leave. On this directory, patients also rate
                hygiene and safety in their reviews.
                """,
            ),
            (
                "signs-of-inexperience",
                "Signs of inexperience",
                """
                Acupuncture should be done with care. Overly aggressive or painful technique can be
                a sign of inexperience.

                You are in charge of your own treatment. If something hurts more than you expected,
                or you feel uneasy:

                - say so straight away
                - ask the practitioner to stop; you can do this at any time
                - ask them to explain what they are doing and why

                It is fine to stop a session, and it is fine not to go back. You can share your
                experience in a review, where gentleness of technique is one of the things patients
                rate. The [experience section of our
                checklist](/learn/finding-a-qualified-acupuncturist/#experience) can help you choose
                someone else.
                """,
            ),
            (
                "coordinate-your-care",
                "Keep your healthcare team in the loop",
                """
                Acupuncture is used alongside conventional care, not instead of it. Coordinate it
                with your healthcare team:

                - Keep taking the treatment you have been prescribed. Don't stop or change it
                  without talking to your doctor.
                - Tell your doctor that you are having acupuncture. Tell your acupuncturist about
                  your diagnosis and your medicines.
                - If something changes, such as a new medicine or a new diagnosis, let both of them
                  know.

                Some practitioners accept and send referrals with a patient's physician, and their
                profiles on this directory say so. That can make it easier to keep everyone
                informed.

                This page is general information, not medical advice: see our
                [medical disclaimer](/learn/disclaimer/).
                """,
            ),
        ],
    },
    {
        "slug": "disclaimer",
        "title": "Medical disclaimer",
        "summary": (
            "The information on this site is general information only. It is not medical advice "
            "and does not replace your healthcare professional."
        ),
        "order": 60,
        "sections": [
            (
                "disclaimer",
                "Medical disclaimer",
                """
                The articles and profiles on this site are for general information only. They are
                **not medical advice**, and they do not replace a doctor or other healthcare
                professional who knows you and your health.

                - **Talk to your healthcare provider before starting acupuncture**, especially if
                  you have an existing health condition or take any medication.
                - **In an emergency, call 911** or your local emergency number. Do not wait for an
                  appointment or rely on this site.
                - **A listing is not an endorsement.** Being listed on this directory does not mean
                  we recommend a practitioner.
                - **Verification has limits.** When we show a license or credential as verified, we
                  have checked that record against its source. Verification covers license and
                  credential records only, not the quality of care.

                Please don't ignore medical advice, or delay getting it, because of something you
                read here.
                """,
            ),
        ],
    },
]

# Which section explains each topic (education.models.Topic values).
TOPIC_LINKS = {
    "checklist-credentials": ("finding-a-qualified-acupuncturist", "credentials"),
    "checklist-licensure": ("finding-a-qualified-acupuncturist", "licensure"),
    "checklist-experience": ("finding-a-qualified-acupuncturist", "experience"),
    "checklist-reviews": ("finding-a-qualified-acupuncturist", "reviews-and-referrals"),
    "verification": ("finding-a-qualified-acupuncturist", "how-we-verify"),
    "safety": ("safety", "who-should-not"),
    "disclaimer": ("disclaimer", "disclaimer"),
}


def create_articles(apps, schema_editor):
    """Create the articles, their sections and the topic links."""
    Article = apps.get_model("education", "Article")
    ArticleSection = apps.get_model("education", "ArticleSection")
    TopicLink = apps.get_model("education", "TopicLink")
    db = schema_editor.connection.alias
    sections = {}
    for data in ARTICLES:
        article = Article.objects.using(db).create(
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            order=data["order"],
            is_published=True,
            reviewed_on=REVIEWED_ON,
        )
        for position, (anchor, heading, body) in enumerate(data["sections"], start=1):
            sections[article.slug, anchor] = ArticleSection.objects.using(db).create(
                article=article,
                anchor=anchor,
                heading=heading,
                body=cleandoc(body),
                order=position * 10,
            )
    TopicLink.objects.using(db).bulk_create(
        [TopicLink(topic=topic, section=sections[target]) for topic, target in TOPIC_LINKS.items()]
    )


def delete_articles(apps, schema_editor):
    """Delete the articles created above, with their sections and topic links."""
    Article = apps.get_model("education", "Article")
    TopicLink = apps.get_model("education", "TopicLink")
    db = schema_editor.connection.alias
    slugs = [data["slug"] for data in ARTICLES]
    # Topic links protect their sections, so they go first; sections cascade with articles.
    TopicLink.objects.using(db).filter(section__article__slug__in=slugs).delete()
    Article.objects.using(db).filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [migrations.RunPython(create_articles, delete_articles)]
