"""The demo's word lists, phrases, text tables and weighted mixes: pure data."""

from verification.models import VerificationStatus as S

# Where a practitioner in a state without acupuncture licensure holds a license.
NEIGHBOUR_STATES = {
    "AL": ("GA", "MS", "TN", "FL"),
    "OK": ("TX", "AR", "KS", "MO", "NM", "CO"),
    "SD": ("ND", "MN", "NE", "IA", "MT", "WY"),
}


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(sep) if word.strip())


FIRST_NAMES = _words("""
Maria James Wei Aisha Daniel Priya Carlos Emily Hiroshi Fatima Michael Ana Jun Olivia
David Mei Andre Sofia Kwame Laura Minh Grace Omar Rachel Diego Hannah Tomasz Leila Samuel
Yuki Nathan Amara Luis Chloe Raj Elena Marcus Ji-woo Isabel Thomas Nadia Kevin Camila Ahmed
Sarah Hyun Julia Ethan Zainab Mateo Lauren Arjun Valentina Benjamin Noor Rosa Jacob Lin
Gabriela William Keiko Imani Alejandro Megan Tariq Claire Huy Natalie Esteban Rebecca Sanjay
Lucia Jonathan Amina Paolo Jessica Dmitri Aaliyah Victor Ingrid Malik Eun-ji Patrick Farah
Ricardo Anna Kenji Beatriz Joseph Yasmin Oluwaseun Teresa Xin Adrian Lena Ibrahim Katherine
Rafael Sunita Owen Mariana Elijah Naomi Hao Bianca Isaac Dalia Christopher Ximena
""")

LAST_NAMES = _words("""
Garcia Smith Chen Nguyen Johnson Patel Rodriguez Kim Williams Lee Martinez Brown Wang
Hernandez Jones Park Lopez Davis Tran Gonzalez Miller Singh Wilson Liu Anderson Perez Taylor
Yamamoto Thomas Sanchez Moore Ali Jackson Huang Martin Ramirez White Zhang Harris Torres
Clark Le Lewis Flores Robinson Shah Walker Rivera Young Choi Allen Gomez King Tanaka Wright
Diaz Scott Pham Green Cruz Baker Kumar Adams Reyes Nelson Okafor Hill Morales Campbell
Mitchell Ortiz Roberts Wu Carter Gutierrez Phillips Ahmed Evans Castillo Turner Yang Murphy
Romero Cook Hoang Rogers Mendoza Morgan Khan Cooper Vargas Peterson Nakamura Bailey Silva
Reed Jung Kelly Alvarez Howard Cohen Ward Sato Cox Ruiz Richardson Mensah Brooks Kowalski
Foster Ivanova Bennett Haddad Gray Novak Hughes Suzuki Price Ibrahim Sanders Dubois Myers
Rossi Long Jensen Ross Kaur Fischer Andersen Obi Nash Becker Hayes Moreno
""")

STREETS = _words(
    """
Main St, Oak Ave, Maple St, Park Ave, Cedar St, Elm St, Washington St, Lake St, Hill St, Pine St,
Broadway, Market St, Church St, Spring St, Center St, Union St, Grand Ave, Lincoln Ave,
Jefferson St, Franklin St, River Rd, Highland Ave, Chestnut St, Walnut St, Madison Ave,
Mill St, Water St, Prospect Ave, Academy St, Garden St
""",
    sep=",",
)

CLINIC_WORDS = (
    "Balance", "Still Water", "Red Maple", "Blue Heron", "Clear Path", "Open Door",
    "Willow", "Cedar", "Harmony", "Bamboo", "North Star", "Lotus", "Riverbend", "Juniper",
)  # fmt: skip
CLINIC_KINDS = ("Acupuncture", "Acupuncture Clinic", "Acupuncture & Wellness", "Healing Arts")
ACCESSIBILITY_NOTES = (
    "",
    "",
    "Step-free entrance; treatment tables lower for easier transfers.",
    "Second floor with an elevator; street parking nearby.",
    "Ground floor, accessible restroom, two accessible parking spaces.",
)

CONDITION_SLUGS = (
    "low-back-pain", "neck-pain", "osteoarthritis", "rheumatoid-arthritis", "fibromyalgia",
    "migraine", "tension-headache", "neuropathic-pain", "sciatica", "injury-related-pain",
)  # fmt: skip
CONDITION_PHRASES = {
    "low-back-pain": "low back pain",
    "neck-pain": "neck pain",
    "osteoarthritis": "osteoarthritis",
    "rheumatoid-arthritis": "rheumatoid arthritis",
    "fibromyalgia": "fibromyalgia",
    "migraine": "migraines",
    "tension-headache": "tension headaches",
    "neuropathic-pain": "nerve pain",
    "sciatica": "sciatica",
    "injury-related-pain": "pain after an injury",
}
EXTRA_LANGUAGES = (
    ("es", 30), ("zh", 20), ("ko", 10), ("vi", 8), ("ja", 4), ("tl", 4), ("ru", 4), ("fr", 4),
    ("ar", 3), ("pt", 3), ("hi", 3), ("th", 2), ("de", 2), ("fa", 2), ("uk", 2), ("it", 1),
    ("pl", 1), ("he", 1), ("ht", 1),
)  # fmt: skip
LANGUAGE_NAMES = {
    "es": "Spanish", "zh": "Mandarin and Cantonese", "ko": "Korean", "vi": "Vietnamese",
    "ja": "Japanese", "tl": "Tagalog", "ru": "Russian", "fr": "French", "ar": "Arabic",
    "pt": "Portuguese", "hi": "Hindi", "th": "Thai", "de": "German", "fa": "Persian",
    "uk": "Ukrainian", "it": "Italian", "pl": "Polish", "he": "Hebrew", "ht": "Haitian Creole",
}  # fmt: skip
FEE_NOTES = (
    "",
    "",
    "Sliding scale available.",
    "The first visit includes a longer intake.",
    "Community-style treatment at lower rates on weekday mornings.",
    "Superbills provided for out-of-network insurance.",
)
# Plans as practitioners write them on their profiles.
INSURANCE_PLANS = (
    "Aetna, Cigna",
    "Blue Cross Blue Shield PPO",
    "United Healthcare, Optum",
    "Kaiser Permanente (referral needed)",
    "Aetna, Blue Shield, Humana",
    "Most PPO plans; we check your benefits for you",
)
SCHOOLS = (
    "Pacific College of Health and Science",
    "American College of Traditional Chinese Medicine",
    "Bastyr University",
    "Five Branches University",
    "New England School of Acupuncture",
    "Southwest Acupuncture College",
    "Northwestern Health Sciences University",
    "AOMA Graduate School of Integrative Medicine",
)
NCCAOM = "NCCAOM"
ABMA_ISSUER = "American Board of Medical Acupuncture"

LICENSE_REJECTIONS = (
    "The license number does not match the board's records for this name.",
    "The uploaded document is unreadable; please upload a clearer scan.",
    "The board lists this license under a different name; please upload proof of the name change.",
)
CREDENTIAL_REJECTIONS = (
    "The NCCAOM registry does not list this certificate number.",
    "The document shows a different certification than the one entered.",
    "The certificate has no issue date; please upload the full certificate.",
)
MODERATION_REASONS = (
    "Names another patient.",
    "Describes a different clinic.",
    "Includes a phone number and other personal details.",
    "Not about the reviewer's own visits.",
)

# Publication mix, license verification mixes and standings, as cumulative weights.
PUBLICATION = (("published", 85), ("draft", 8), ("unpublished", 7))
LICENSE_MIX = {
    ("published", True): ((S.VERIFIED, 80), (S.PENDING, 5), (S.UNVERIFIED, 3), (S.REJECTED, 3),
                          (S.EXPIRED, 5), (S.NEEDS_REVIEW, 4)),
    ("published", False): ((S.VERIFIED, 84), (S.UNVERIFIED, 8), (S.EXPIRED, 8)),
    ("draft", True): ((S.UNVERIFIED, 45), (S.PENDING, 40), (S.REJECTED, 15)),
    ("unpublished", True): ((S.VERIFIED, 30), (S.EXPIRED, 40), (S.REJECTED, 15),
                            (S.UNVERIFIED, 15)),
    ("unpublished", False): ((S.VERIFIED, 40), (S.EXPIRED, 45), (S.UNVERIFIED, 15)),
}  # fmt: skip
CREDENTIAL_MIX = {
    "claimed": ((S.VERIFIED, 65), (S.PENDING, 10), (S.UNVERIFIED, 10), (S.REJECTED, 5),
                (S.EXPIRED, 5), (S.NEEDS_REVIEW, 5)),
    "unclaimed": ((S.VERIFIED, 80), (S.UNVERIFIED, 12), (S.EXPIRED, 8)),
    "draft": ((S.UNVERIFIED, 50), (S.PENDING, 50)),
}  # fmt: skip
VERIFIED_STANDINGS = (("active", 950), ("revoked", 15), ("suspended", 15), ("lapsed", 10),
                      ("probation", 5), ("inactive", 5))  # fmt: skip
TITLES = (("lac", 87), ("physician", 6), ("acupuncturist", 5), ("other", 2))
REVIEW_STATUSES = (("published", 88), ("pending", 8), ("rejected", 4))
# Rating weights for 1..5 stars by practitioner profile: mostly positive, never uniform.
RATING_PROFILES = (((1, 1, 4, 20, 74), 50), ((3, 4, 10, 35, 48), 35), ((10, 10, 20, 30, 30), 15))

# The first practitioners get fixed verification states so that even a tiny
# seed (tests, N=30) shows every state and the unusual standings.
FORCED_LICENSES = (
    (S.UNVERIFIED, "active"), (S.PENDING, "active"), (S.VERIFIED, "active"),
    (S.REJECTED, "active"), (S.EXPIRED, "lapsed"), (S.NEEDS_REVIEW, "active"),
    (S.VERIFIED, "revoked"), (S.VERIFIED, "suspended"), (S.VERIFIED, "lapsed"),
)  # fmt: skip
FORCED_CREDENTIALS = (S.VERIFIED, S.PENDING, S.REJECTED, S.EXPIRED, S.NEEDS_REVIEW, S.UNVERIFIED)

# The bio's middle sentences, after the opening about the practitioner's years.
BIO_SENTENCES = (
    "I plan treatment alongside your physician, physical therapist and any medication "
    "you take, never instead of them.",
    "Sessions are unhurried: we talk about how pain affects your sleep, work and mood "
    "before any needles are placed.",
    "I use sterile, single-use needles and adjust the technique to what feels comfortable for you.",
    "Most people come for a series of sessions, and we review together every few visits "
    "whether it is worth continuing.",
)

# Review text by mood: "good" (4-5 stars), "mixed" (3) and "poor" (1-2).
REVIEW_TITLES = {
    "good": (
        "Finally some relief",
        "Careful and thoughtful",
        "Worth the drive",
        "Listens before treating",
        "Calm, clean clinic",
        "Gentle and thorough",
        "Helped me manage my {condition}",
    ),
    "mixed": ("Some improvement", "Good care, slow progress", "Helpful but pricey", "Mixed so far"),
    "poor": ("Not for me", "Felt rushed", "Hard to book", "No change for me"),
}
REVIEW_OPENINGS = {
    "good": (
        "I came to {first} after years of {condition}.",
        "My physician suggested trying acupuncture alongside physical therapy for my {condition}.",
        "I was nervous about needles, but {first} explained every step first.",
    ),
    "mixed": (
        "I tried acupuncture with {first} for my {condition}.",
        "I booked with {first} on a friend's recommendation.",
    ),
    "poor": (
        "I saw {first} for my {condition}.",
        "I had high hopes after reading the other reviews.",
    ),
}
REVIEW_MIDDLES = {
    "good": (
        "After {sessions} sessions I am sleeping better and flare-ups feel more manageable.",
        "{first} asked about my medication and my other treatment before starting.",
        "The clinic is spotless and every needle came out of a sealed pack.",
        "The technique was gentle and I never felt rushed.",
    ),
    "mixed": (
        "The sessions were relaxing and {first} listens well.",
        "After {sessions} sessions the change in my {condition} is small so far.",
        "It is not cheap, and my insurance did not cover it.",
    ),
    "poor": (
        "The appointments felt rushed and some needles hurt more than I expected.",
        "After {sessions} sessions I did not notice a difference in my {condition}.",
        "Scheduling was difficult and I waited a long time past my appointment.",
    ),
}
REVIEW_CLOSINGS = {
    "good": (
        "I would recommend {first} to anyone living with long-term pain.",
        "Booking was easy and the front desk was friendly.",
        "",
    ),
    "mixed": ("I will give it a few more visits before deciding.", ""),
    "poor": ("It may work for others, but it was not right for me.", ""),
}
# A public reply must never confirm that the reviewer is or was a patient (the
# review policy): it thanks and invites contact, and says nothing of treatment,
# visits or care. tests/demo/test_data.py holds the words it must avoid.
REPLIES = {
    "good": "Thank you for taking the time to write this, {name}.",
    "mixed": "Thank you for the honest feedback, {name}. If you would like to talk about it, "
    "please call the clinic.",
    "poor": "Thank you for taking the time to write, {name}. I am sorry to read this; if you "
    "would like to talk about it, please call the clinic.",
}
