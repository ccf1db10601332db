"""`demo.accounts`: generated users' emails and names are stable."""

from demo.accounts import DEMO_PATIENT, patient_email, patient_name, practitioner_email


def test_pool_patients_have_stable_distinct_emails_and_names():
    assert patient_email(0) == "patient00001@example.org"
    assert len({patient_email(i) for i in range(1000)}) == 1000
    assert patient_name(41) == patient_name(41)
    assert len({patient_name(i) for i in range(100)}) > 50


def test_the_demo_patient_is_sam_rivera():
    assert patient_name(DEMO_PATIENT) == ("Sam", "Rivera")


def test_a_practitioner_email_follows_the_slug():
    assert practitioner_email("maria-garcia-2") == "maria.garcia.2@example.net"
