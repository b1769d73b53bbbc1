"""Reading mail in all its shapes (docs/intake.md, "Reading a message")."""

import datetime
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kansli.intake import mail
from tests.intake.conftest import letter

pytestmark = pytest.mark.usefixtures("in_english")

UTC = datetime.UTC


def test_a_plain_letter_gives_its_headers_text_and_attachment():
    parsed = mail.parse(letter())
    assert parsed.from_name == "Kommunförbundet Stockholms län"
    assert parsed.from_address == "registrator@ksl.se"
    assert parsed.to == "registrator@ekero.se"
    assert parsed.subject == "Rekommendation om överenskommelse"
    assert parsed.message_id == "<rek-2013@ksl.se>"
    assert parsed.date == datetime.datetime(2013, 6, 5, 8, 0, tzinfo=UTC)
    assert parsed.text.startswith("Hej!") and "överenskommelsen" in parsed.text
    [attachment] = parsed.attachments
    assert (attachment.name, attachment.media_type, attachment.content) == (
        "overenskommelse.pdf", "application/pdf", b"%PDF-1.4 avtal")
    assert parsed.problems == []


def test_encoded_words_in_headers_are_decoded():
    raw = (b"From: =?iso-8859-1?q?Kommunf=F6rbundet_Stockholms_l=E4n?= <registrator@ksl.se>\r\n"
           b"To: =?utf-8?b?RWtlcsO2IGtvbW11bg==?= <registrator@ekero.se>\r\n"
           b"Subject: =?utf-8?q?=C3=96verenskommelse_om_samverkan?= =?utf-8?q?_g=C3=A4llande?=\r\n"
           b"  =?utf-8?b?IG55YW5sw6RuZGE=?=\r\n"
           b"Date: Wed, 5 Jun 2013 10:00:00 +0200\r\n\r\nText\r\n")
    parsed = mail.parse(raw)
    assert parsed.from_name == "Kommunförbundet Stockholms län"
    assert parsed.to == "Ekerö kommun <registrator@ekero.se>"
    assert parsed.subject == "Överenskommelse om samverkan gällande nyanlända"


def test_an_rfc_2231_file_name_is_decoded():
    raw = (b"From: a@ksl.se\r\nSubject: Bilaga\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nSe bilagan.\r\n"
           b"--b\r\nContent-Type: application/pdf\r\n"
           b"Content-Disposition: attachment;\r\n"
           b" filename*0*=utf-8''%C3%96verenskommelse%20om;\r\n"
           b" filename*1*=%20samverkan.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--b--\r\n")
    parsed = mail.parse(raw)
    [attachment] = parsed.attachments
    assert attachment.name == "Överenskommelse om samverkan.pdf"
    assert attachment.content == b"%PDF-1.4"
    assert parsed.text == "Se bilagan."


def test_a_latin_1_body_is_decoded_by_its_charset():
    raw = (b"From: a@ksl.se\r\nSubject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\nS\xe4ker f\xf6rbindelse\r\n")
    assert mail.parse(raw).text == "Säker förbindelse"


def test_an_unknown_charset_is_read_as_well_as_can_be_and_noted():
    raw = (b"From: a@ksl.se\r\nSubject: =?x-no-such-charset?q?caf=E9?=\r\n"
           b"Content-Type: text/plain; charset=x-no-such-charset\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\nS\xe4ker\r\n")
    parsed = mail.parse(raw)
    assert parsed.text == "Säker"  # Windows-1252, Sweden's most likely guess
    assert parsed.subject.startswith("caf")
    assert any("unknown character set" in p for p in parsed.problems)


def test_an_html_only_message_is_shown_as_text_without_tags_scripts_or_styles():
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@ksl.se", "Inbjudan"
    msg.set_content(
        "<html><head><style>p {color: red}</style><title>T</title></head><body>"
        "<h1>Inbjudan</h1><p>V&auml;lkommen den <b>5 juni</b>.</p>"
        "<script>alert('x')</script><table><tr><td>Tid</td><td>10.00</td></tr></table>"
        "<p>Med v&auml;nlig h&auml;lsning<br>KSL</p></body></html>", subtype="html")
    parsed = mail.parse(msg.as_bytes())
    assert parsed.text == "Inbjudan\n\nVälkommen den 5 juni.\n\nTid 10.00\n\nMed vänlig " \
        "hälsning\nKSL"
    assert parsed.attachments == []


def test_the_html_alternative_of_a_plain_text_is_not_an_attachment():
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@ksl.se", "x"
    msg.set_content("Vanlig text")
    msg.add_alternative("<p>HTML-text</p>", subtype="html")
    parsed = mail.parse(msg.as_bytes())
    assert parsed.text == "Vanlig text" and parsed.attachments == []


def test_nested_multiparts_give_the_text_and_every_attachment():
    alternative = EmailMessage()
    alternative.set_content("Texten")
    alternative.add_alternative("<p>Texten</p>", subtype="html")
    image = EmailMessage()
    image.set_content(b"\x89PNG bild", maintype="image", subtype="png", cid="<logo>",
                      filename="logo.png", disposition="inline")
    related = EmailMessage()
    related.make_related()
    related.attach(alternative)
    related.attach(image)
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "a@ksl.se", "Nästlat"
    outer.make_mixed()
    outer.attach(related)
    outer.add_attachment(b"a;b\n1;2\n", maintype="text", subtype="csv", filename="data.csv")
    parsed = mail.parse(outer.as_bytes())
    assert parsed.text == "Texten"
    assert [a.name for a in parsed.attachments] == ["logo.png", "data.csv"]
    assert parsed.attachments[1].content == b"a;b\n1;2\n"


def test_a_forwarded_message_is_one_attachment_with_its_own_headers():
    forwarded = EmailMessage()
    forwarded["From"], forwarded["Subject"] = "b@sll.se", "Ursprungligt brev"
    forwarded.set_content("Det ursprungliga")
    forwarded.add_attachment(b"%PDF inner", maintype="application", subtype="pdf",
                             filename="inre.pdf")
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@ksl.se", "Fwd: Ursprungligt brev"
    msg.set_content("Se nedan.")
    msg.add_attachment(forwarded)
    parsed = mail.parse(msg.as_bytes())
    assert parsed.text == "Se nedan."
    [attachment] = parsed.attachments
    assert attachment.name == "Ursprungligt brev.eml"
    assert attachment.media_type == "message/rfc822"
    again = mail.parse(attachment.content)
    assert again.subject == "Ursprungligt brev" and again.text == "Det ursprungliga"
    assert [a.name for a in again.attachments] == ["inre.pdf"]


def test_missing_from_date_and_subject_are_noted_not_fatal():
    parsed = mail.parse(b"To: registrator@ekero.se\r\n\r\nNagot\r\n")
    assert (parsed.from_name, parsed.from_address, parsed.subject, parsed.date) == (
        "", "", "", None)
    assert parsed.text == "Nagot"
    assert "The message has no sender (From)." in parsed.problems
    assert "The message has no date." in parsed.problems


def test_a_broken_from_and_date_are_kept_as_written_and_noted():
    parsed = mail.parse(b"From: Kalle Anka <<< trasig\r\nDate: igar eftermiddag\r\n"
                        b"Subject: x\r\n\r\ny\r\n")
    assert parsed.from_address == ""
    assert "Kalle Anka" in parsed.from_name
    assert parsed.date is None
    assert "The sender (From) could not be read." in parsed.problems
    assert "The date of the message could not be read." in parsed.problems


def test_a_date_without_zone_is_taken_as_utc():
    parsed = mail.parse(b"From: a@ksl.se\r\nDate: Wed, 05 Jun 2013 10:00:00 -0000\r\n\r\nx")
    assert parsed.date == datetime.datetime(2013, 6, 5, 10, 0, tzinfo=UTC)


def test_an_attachment_without_a_name_gets_one():
    msg = EmailMessage()
    msg["From"] = "a@ksl.se"
    msg.set_content("x")
    msg.add_attachment(b"%PDF", maintype="application", subtype="pdf")
    [attachment] = mail.parse(msg.as_bytes()).attachments
    assert attachment.name == "bilaga-1.pdf"


def test_a_file_name_cannot_name_a_path():
    msg = EmailMessage()
    msg["From"] = "a@ksl.se"
    msg.set_content("x")
    msg.add_attachment(b"data", maintype="application", subtype="octet-stream",
                       filename="../../etc/passwd")
    [attachment] = mail.parse(msg.as_bytes()).attachments
    assert "/" not in attachment.name


def test_an_empty_attachment_is_noted_and_left_out():
    raw = (b"From: a@ksl.se\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
           b"--b\r\nContent-Type: application/pdf\r\n"
           b'Content-Disposition: attachment; filename="tom.pdf"\r\n\r\n'
           b"--b--\r\n")
    parsed = mail.parse(raw)
    assert parsed.attachments == []
    assert "The attachment tom.pdf is empty." in parsed.problems


def test_a_multipart_without_its_closing_boundary_is_read_anyway():
    raw = (b"From: a@ksl.se\r\nSubject: Avbrutet\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nBorjan av brevet\r\n")
    parsed = mail.parse(raw)
    assert parsed.subject == "Avbrutet" and parsed.text == "Borjan av brevet"


def test_a_bad_base64_attachment_does_not_crash():
    raw = (b"From: a@ksl.se\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
           b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           b'Content-Disposition: attachment; filename="trasig.pdf"\r\n\r\n'
           b"!!!inte base64 alls***\r\n--b--\r\n")
    parsed = mail.parse(raw)
    assert parsed.text == "x"
    # The decoder keeps what it can; the registrar sees the file as it came.
    assert [a.name for a in parsed.attachments] == ["trasig.pdf"]


@pytest.mark.parametrize("raw, message", [
    (b"", "The file is empty."),
    (b"   \r\n ", "The file is empty."),
    (b"%PDF-1.4\x00\x01\x02 binary", "The file is not an e-mail message."),
    (b"Just some words,\nno headers at all.\n", "The file is not an e-mail message."),
    (b"Foo: bar\r\nBaz: qux\r\n\r\nnot mail headers", "The file is not an e-mail message."),
])
def test_what_is_not_e_mail_is_refused_with_a_clear_message(raw, message):
    with pytest.raises(mail.UnreadableMessage) as info:
        mail.parse(raw)
    assert info.value.messages == [message]


def test_a_message_over_the_size_limit_is_refused(settings):
    settings.KANSLI_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(mail.UnreadableMessage) as info:
        mail.parse(letter(text="x" * 2000))
    assert "the limit is 1000" in info.value.messages[0]


def test_without_the_setting_the_limit_is_fifty_megabytes(settings):
    del settings.KANSLI_MAX_UPLOAD_BYTES
    assert mail.size_limit() == 50 * 1024 * 1024


def test_header_lines_that_are_garbage_do_not_crash_the_reader():
    raw = (b"From: =?utf-8?q?=FF=FE?= <@@@>\r\nTo: ,,,;;;<>\r\nSubject: =?utf-8?b?!!!?=\r\n"
           b"Message-ID: <<<>>>\r\nDate: 99 Foo 99999 99:99:99 +9999\r\n"
           b"Content-Type: text/plain; charset=\"\r\n\r\nText\r\n")
    parsed = mail.parse(raw)
    assert parsed.text == "Text"
    assert parsed.date is None


def test_a_fault_inside_the_reader_is_an_error_message_not_a_crash(monkeypatch, caplog):
    def broken(*args):
        raise IndexError("a bug in a header parser")

    monkeypatch.setattr(mail, "_body", broken)
    with pytest.raises(mail.UnreadableMessage) as info:
        mail.parse(letter())
    assert info.value.messages == ["The message could not be read."]
    assert "could not be read" in caplog.text


@hypothesis_settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_never_a_crash(raw):
    try:
        mail.parse(raw)
    except mail.UnreadableMessage:
        pass


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_letter_is_read_or_refused_never_a_crash(data):
    raw = bytearray(letter(attachments=(("a.pdf", b"%PDF", "application/pdf"),
                                        ("b.txt", "Hälsning".encode(), "text/plain"))))
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    try:
        parsed = mail.parse(bytes(raw[:cut]))
    except mail.UnreadableMessage:
        return
    assert isinstance(parsed.text, str) and isinstance(parsed.subject, str)
    assert all(a.content for a in parsed.attachments)


def test_a_nul_byte_in_a_binary_part_does_not_refuse_the_message():
    raw = (b"From: a@ksl.se\r\nSubject: Binar\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"
           b"--b\r\nContent-Type: application/octet-stream\r\n"
           b"Content-Transfer-Encoding: binary\r\n"
           b'Content-Disposition: attachment; filename="data.bin"\r\n\r\n'
           b"\x00\x01\x02\r\n--b--\r\n")
    [attachment] = mail.parse(raw).attachments
    assert attachment.name == "data.bin" and attachment.content.startswith(b"\x00\x01\x02")


def test_a_second_inline_text_is_added_once_in_its_plain_rendering():
    second = EmailMessage()
    second.set_content("Andra delen")
    second.add_alternative("<p>Andra delen i HTML</p>", subtype="html")
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "a@ksl.se", "Två delar"
    msg.set_content("Första delen")
    msg.make_mixed()
    msg.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="a.pdf")
    msg.attach(second)
    parsed = mail.parse(msg.as_bytes())
    assert parsed.text == "Första delen\n\nAndra delen"
    assert [a.name for a in parsed.attachments] == ["a.pdf"]
