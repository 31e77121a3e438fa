using System.Buffers.Text;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Tests.Security;

/// <summary>A tracked link's code (<see cref="TrackedLinkCode"/>): it reads back as the link and recipient it was issued for, and nothing else is taken.</summary>
public sealed class TrackedLinkCodeTests
{
    private const string Key = "a-test-link-signing-key";
    private static readonly Guid MessageId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    [TestCase(1L)]
    [TestCase(127L)]
    [TestCase(128L)]
    [TestCase(2_000_000L)]
    [TestCase(long.MaxValue)]
    public void A_code_reads_back_as_its_link_and_recipient(long linkId)
    {
        var code = TrackedLinkCode.Issue(linkId, MessageId, Key);

        var reading = TrackedLinkCode.Read(code, Key);

        Assert.That(reading, Is.EqualTo(new TrackedLinkReading(linkId, "0f1e2d3c4b5a6978")));
        Assert.That(code, Does.Match("^[A-Za-z0-9_-]+$"), "a code is safe in a URL path as it stands");
        Assert.That(code.Length, Is.LessThanOrEqualTo(TrackedLinkCode.MaxLength));
    }

    [Test]
    public void The_first_two_million_links_have_codes_of_23_characters()
    {
        Assert.That(TrackedLinkCode.Issue(2_000_000, MessageId, Key), Has.Length.EqualTo(23));
        Assert.That(TrackedLinkCode.Issue(int.MaxValue, MessageId, Key), Has.Length.EqualTo(TrackedLinkCode.LongestLength));
    }

    [TestCase(1L, 20)]
    [TestCase(127L, 20)]
    [TestCase(128L, 22)]
    [TestCase(16_383L, 22)]
    [TestCase(16_384L, 23)]
    [TestCase(2_097_151L, 23)]
    public void The_length_of_a_links_code_is_known_before_it_is_issued(long linkId, int length)
    {
        Assert.That(TrackedLinkCode.Length(linkId), Is.EqualTo(length));
        Assert.That(TrackedLinkCode.Issue(linkId, MessageId, Key), Has.Length.EqualTo(length));
    }

    [Test]
    public void The_recipient_key_is_the_start_of_the_message_id_as_PostgreSQL_writes_it()
    {
        Assert.That(TrackedLinkCode.RecipientKey(MessageId), Is.EqualTo("0f1e2d3c4b5a6978"));
    }

    [Test]
    public void The_message_id_range_of_a_recipient_key_holds_exactly_the_ids_that_start_with_it()
    {
        var (first, last) = TrackedLinkCode.MessageIdRange("0f1e2d3c4b5a6978");

        Assert.That(first, Is.EqualTo(Guid.Parse("0f1e2d3c-4b5a-6978-0000-000000000000")));
        Assert.That(last, Is.EqualTo(Guid.Parse("0f1e2d3c-4b5a-6978-ffff-ffffffffffff")));
        Assert.Throws<ArgumentException>(() => TrackedLinkCode.MessageIdRange("0f1e2d3c"));
        Assert.Throws<ArgumentException>(() => TrackedLinkCode.MessageIdRange("0f1e2d3c4b5a697z"));
    }

    [Test]
    public void A_code_signed_with_another_key_is_refused()
    {
        var code = TrackedLinkCode.Issue(42, MessageId, "another-deployments-key");

        Assert.That(TrackedLinkCode.Read(code, Key), Is.Null);
    }

    [Test]
    public void A_code_with_any_one_character_changed_is_refused()
    {
        var code = TrackedLinkCode.Issue(42, MessageId, Key);
        for (var i = 0; i < code.Length; i++)
        {
            var changed = code[..i] + (code[i] == 'A' ? 'B' : 'A') + code[(i + 1)..];
            Assert.That(TrackedLinkCode.Read(changed, Key), Is.Null, $"character {i} changed: {changed}");
        }
    }

    [Test]
    public void A_code_for_another_recipient_cannot_be_made_from_ones_own()
    {
        var bytes = Base64Url.DecodeFromChars(TrackedLinkCode.Issue(42, MessageId, Key));
        bytes[1] ^= 0x01; // the first byte of the recipient key, the signature left as it was

        Assert.That(TrackedLinkCode.Read(Base64Url.EncodeToString(bytes), Key), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not a code")]
    [TestCase("AAAA")]
    [TestCase("%2e%2e")]
    [TestCase("gICAgICAgICAgAEAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_refused(string? code)
    {
        Assert.That(TrackedLinkCode.Read(code, Key), Is.Null);
    }

    [Test]
    public void A_longer_spelling_of_the_same_link_id_is_refused()
    {
        var code = Base64Url.DecodeFromChars(TrackedLinkCode.Issue(5, MessageId, Key));
        // 5 as a two-byte varint (0x85 0x00) instead of one: a different code for the same link and recipient.
        byte[] padded = [0x85, 0x00, .. code[1..]];

        Assert.That(TrackedLinkCode.Read(Base64Url.EncodeToString(padded), Key), Is.Null);
    }

    [Test]
    public void Without_a_key_nothing_is_issued_or_read()
    {
        Assert.Throws<ArgumentException>(() => TrackedLinkCode.Issue(1, MessageId, ""));
        Assert.That(TrackedLinkCode.Read(TrackedLinkCode.Issue(1, MessageId, Key), ""), Is.Null);
    }
}
