using Sms.Ingress.Inbound;

namespace Sms.Ingress.Tests.Inbound;

public sealed class ConcatAssemblerTests
{
    /// <summary>Parts written as "number:text", the provider id being "id{number}".</summary>
    private static IEnumerable<ConcatPart> Parts(params string[] parts) =>
        parts.Select(p =>
        {
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            var number = int.Parse(p[..colon], System.Globalization.CultureInfo.InvariantCulture);
            return new ConcatPart(number, $"id{number}", p[(colon + 1)..]);
        });

    [TestCase(3, new[] { "1:Hello ", "2:dear ", "3:customer" }, "Hello dear customer")]
    [TestCase(3, new[] { "3:customer", "1:Hello ", "2:dear " }, "Hello dear customer")]
    [TestCase(3, new[] { "2:dear ", "3:customer", "1:Hello " }, "Hello dear customer")]
    [TestCase(2, new[] { "2:world", "1:Hello " }, "Hello world")]
    [TestCase(2, new[] { "1:  Hello ", "2:world  " }, "Hello world")]
    [TestCase(2, new[] { "1:Hel", "2:lo" }, "Hello")]
    public void All_parts_in_any_order_make_the_complete_text(int total, string[] received, string expected)
    {
        var assembly = ConcatAssembler.Assemble(total, Parts(received));
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Complete, Is.True);
            Assert.That(assembly.Text, Is.EqualTo(expected));
            Assert.That(assembly.Missing, Is.Empty);
            Assert.That(assembly.Parts.Select(p => p.Number), Is.EqualTo(Enumerable.Range(1, total)));
        });
    }

    [TestCase(3, new[] { "1:a" }, new[] { 2, 3 }, "a")]
    [TestCase(3, new[] { "3:c", "1:a" }, new[] { 2 }, "ac")]
    [TestCase(3, new[] { "2:b" }, new[] { 1, 3 }, "b")]
    [TestCase(4, new[] { "4:d", "2:b" }, new[] { 1, 3 }, "bd")]
    public void Missing_parts_leave_it_incomplete_with_the_parts_so_far_in_order(int total, string[] received, int[] missing, string text)
    {
        var assembly = ConcatAssembler.Assemble(total, Parts(received));
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Complete, Is.False);
            Assert.That(assembly.Missing, Is.EqualTo(missing));
            Assert.That(assembly.Text, Is.EqualTo(text));
        });
    }

    [Test]
    public void A_part_received_twice_counts_once_and_its_first_delivery_wins()
    {
        var received = new[]
        {
            new ConcatPart(1, "first", "Hello "),
            new ConcatPart(1, "again", "HELLO "),
            new ConcatPart(2, "second", "world"),
            new ConcatPart(2, "second", "world"),
        };
        var assembly = ConcatAssembler.Assemble(2, received);
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Complete, Is.True);
            Assert.That(assembly.Text, Is.EqualTo("Hello world"));
            Assert.That(assembly.ProviderPartIds, Is.EqualTo(new[] { "first", "second" }));
        });
    }

    [TestCase(0)]
    [TestCase(4)]
    [TestCase(-1)]
    public void A_part_number_outside_the_total_is_ignored(int number)
    {
        var received = Parts("1:a", "2:b", "3:c").Append(new ConcatPart(number, "stray", "x"));
        var assembly = ConcatAssembler.Assemble(3, received);
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Text, Is.EqualTo("abc"));
            Assert.That(assembly.ProviderPartIds, Does.Not.Contain("stray"));
        });
    }

    [Test]
    public void No_parts_is_not_complete()
    {
        var assembly = ConcatAssembler.Assemble(2, []);
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Complete, Is.False);
            Assert.That(assembly.Missing, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(assembly.Text, Is.Empty);
        });
    }

    [Test]
    public void The_provider_id_of_the_joined_message_names_every_part_in_part_order()
    {
        var assembly = ConcatAssembler.Assemble(3, Parts("3:c", "1:a", "2:b"));
        Assert.Multiple(() =>
        {
            Assert.That(assembly.ProviderMessageId, Is.EqualTo("concat:id1,id2,id3"));
            Assert.That(assembly.ProviderPartIds, Is.EqualTo(new[] { "id1", "id2", "id3" }));
        });
    }

    [Test]
    public void The_same_parts_in_another_arrival_order_give_the_same_provider_id()
    {
        Assert.That(ConcatAssembler.Assemble(3, Parts("2:b", "3:c", "1:a")).ProviderMessageId,
            Is.EqualTo(ConcatAssembler.Assemble(3, Parts("1:a", "2:b", "3:c")).ProviderMessageId));
    }

    [Test]
    public void An_incomplete_message_and_the_complete_one_have_different_provider_ids()
    {
        Assert.That(ConcatAssembler.Assemble(3, Parts("1:a", "3:c")).ProviderMessageId,
            Is.Not.EqualTo(ConcatAssembler.Assemble(3, Parts("1:a", "2:b", "3:c")).ProviderMessageId));
    }

    [Test]
    public void A_surrogate_pair_split_across_two_parts_is_joined_whole()
    {
        var assembly = ConcatAssembler.Assemble(2, [new ConcatPart(1, "a", "smile \uD83D"), new ConcatPart(2, "b", "\uDE00 now")]);
        Assert.That(assembly.Text, Is.EqualTo("smile \U0001F600 now"));
    }

    [Test]
    public void Half_a_surrogate_pair_left_by_a_missing_part_becomes_a_replacement_character()
    {
        var assembly = ConcatAssembler.Assemble(3, [new ConcatPart(1, "a", "smile \uD83D"), new ConcatPart(3, "c", "!")]);
        Assert.That(assembly.Text, Is.EqualTo("smile \uFFFD!"));
    }

    [Test]
    public void A_part_holding_U0000_is_joined_with_it_as_GSMs_at_sign_and_the_repair_is_reported()
    {
        var assembly = ConcatAssembler.Assemble(2, [new ConcatPart(1, "a", "mail me\0"), new ConcatPart(2, "b", "example.org")]);
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Text, Is.EqualTo("mail me@example.org"));
            Assert.That(assembly.TextRepaired, Is.True);
            Assert.That(ConcatAssembler.Assemble(2, [new ConcatPart(1, "a", "fine "), new ConcatPart(2, "b", "text")]).TextRepaired, Is.False);
        });
    }

    [Test]
    public void A_combining_accent_split_from_its_letter_is_normalised_after_joining()
    {
        var assembly = ConcatAssembler.Assemble(2, [new ConcatPart(1, "a", "cafe"), new ConcatPart(2, "b", "\u0301 ok")]);
        Assert.That(assembly.Text, Is.EqualTo("caf\u00e9 ok"));
    }

    [TestCase(0)]
    [TestCase(256)]
    public void A_total_outside_1_to_255_is_refused(int total)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcatAssembler.Assemble(total, Parts("1:a")));
    }

    [Test]
    public void A_message_of_255_parts_is_complete_when_all_arrived()
    {
        var received = Enumerable.Range(1, 255).Reverse().Select(n => new ConcatPart(n, $"id{n}", "x"));
        var assembly = ConcatAssembler.Assemble(255, received);
        Assert.Multiple(() =>
        {
            Assert.That(assembly.Complete, Is.True);
            Assert.That(assembly.Text, Has.Length.EqualTo(255));
        });
    }
}
