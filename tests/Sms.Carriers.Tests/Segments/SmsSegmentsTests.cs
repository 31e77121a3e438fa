using Sms.Carriers.Segments;

namespace Sms.Carriers.Tests.Segments;

/// <summary>GSM-7 / UCS-2 segment arithmetic of carrier-wire-format.md §7.</summary>
public sealed class SmsSegmentsTests
{
    private const string Emoji = "😀"; // U+1F600: one surrogate pair, two UTF-16 units.

    private static string Repeat(char c, int count) => new(c, count);

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    [TestCase("Hello", 5)]
    [TestCase("@£$¥èéùìòÇ\nØø\rÅå", 16)]
    [TestCase("Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ", 15)]
    [TestCase(" !\"#¤%&'()*+,-./0123456789:;<=>?", 32)]
    [TestCase("¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§", 32)]
    [TestCase("¿abcdefghijklmnopqrstuvwxyzäöñüà", 32)]
    [TestCase("Reply YES to confirm your 10:30 appointment.", 44)]
    public void Basic_table_characters_cost_one_septet(string text, int septets)
    {
        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(info.Units, Is.EqualTo(septets));
            Assert.That(info.Segments, Is.EqualTo(1));
            Assert.That(info.UnitsPerSegment, Is.EqualTo(160));
        });
    }

    [TestCase("€", 2)]
    [TestCase("^", 2)]
    [TestCase("{}", 4)]
    [TestCase("\\", 2)]
    [TestCase("[~]", 6)]
    [TestCase("|", 2)]
    [TestCase("\f", 2)]
    [TestCase("Price: 5€ [incl. VAT]", 24)]
    public void Extension_table_characters_cost_two_septets(string text, int septets)
    {
        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(info.Units, Is.EqualTo(septets));
        });
    }

    [TestCase(1, 1)]
    [TestCase(159, 1)]
    [TestCase(160, 1)]
    [TestCase(161, 2)]
    [TestCase(305, 2)]
    [TestCase(306, 2)]
    [TestCase(307, 3)]
    [TestCase(459, 3)]
    [TestCase(460, 4)]
    [TestCase(3200, 21)]
    public void Gsm7_boundaries_are_160_for_one_part_and_153_per_part_after(int length, int segments)
    {
        var info = SmsSegments.Measure(Repeat('a', length));

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(info.Units, Is.EqualTo(length));
            Assert.That(info.Segments, Is.EqualTo(segments));
            Assert.That(info.UnitsPerSegment, Is.EqualTo(segments == 1 ? 160 : 153));
        });
    }

    [TestCase(158, 1)] // 158 + 2 = 160 septets: still one part.
    [TestCase(159, 2)] // 159 + 2 = 161 septets.
    public void An_extension_character_counts_twice_against_the_single_part_limit(int prefix, int segments)
    {
        var info = SmsSegments.Measure(Repeat('a', prefix) + "€");

        Assert.That(info.Segments, Is.EqualTo(segments));
    }

    [Test]
    public void An_escape_pair_that_would_straddle_septet_153_moves_whole_to_the_next_part()
    {
        // 152 + 2 + 152 = 306 septets, which would fit 2 × 153, but '€' cannot start at septet 153
        // of part one: part one carries 152, part two 2 + 151, part three the last 'a'.
        var text = Repeat('a', 152) + "€" + Repeat('a', 152);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(306));
            Assert.That(info.Segments, Is.EqualTo(3));
        });
    }

    [Test]
    public void An_escape_pair_that_ends_exactly_at_septet_153_stays_in_the_part()
    {
        var text = Repeat('a', 151) + "€" + Repeat('a', 153);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(306));
            Assert.That(info.Segments, Is.EqualTo(2));
        });
    }

    [TestCase(80, 1)]  // 160 septets.
    [TestCase(81, 2)]  // 162 septets.
    [TestCase(152, 2)] // 304 septets: 76 pairs (152 septets) per part.
    [TestCase(153, 3)] // 306 septets: 2 × 153 by arithmetic, but a part holds only 76 whole pairs.
    [TestCase(228, 3)]
    [TestCase(229, 4)] // 458 septets: 3 × 153 by arithmetic.
    public void Parts_of_only_extension_characters_carry_152_septets(int pairs, int segments)
    {
        var info = SmsSegments.Measure(Repeat("€", pairs));

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(pairs * 2));
            Assert.That(info.Segments, Is.EqualTo(segments));
        });
    }

    [TestCase("á")]
    [TestCase("ç")]
    [TestCase("`")]
    [TestCase("í")]
    [TestCase("ó")]
    [TestCase("ú")]
    [TestCase("ã")]
    [TestCase("’")]
    [TestCase("“")]
    public void One_non_gsm_character_forces_the_whole_message_into_ucs2(string character)
    {
        var text = "Hello there, " + character + " see you at 10.";

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(SmsSegments.IsGsm7(text), Is.False);
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(info.Units, Is.EqualTo(text.Length));
        });
    }

    [Test]
    public void A_single_non_gsm_character_turns_a_160_character_text_into_three_ucs2_parts()
    {
        var info = SmsSegments.Measure(Repeat('a', 159) + "ç");

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(info.Units, Is.EqualTo(160));
            Assert.That(info.Segments, Is.EqualTo(3));
        });
    }

    [Test]
    public void Extension_characters_cost_one_unit_in_ucs2()
    {
        var info = SmsSegments.Measure("€€€ á");

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(info.Units, Is.EqualTo(5));
        });
    }

    [TestCase(1, 1)]
    [TestCase(69, 1)]
    [TestCase(70, 1)]
    [TestCase(71, 2)]
    [TestCase(133, 2)]
    [TestCase(134, 2)]
    [TestCase(135, 3)]
    [TestCase(201, 3)]
    [TestCase(202, 4)]
    public void Ucs2_boundaries_are_70_for_one_part_and_67_per_part_after(int length, int segments)
    {
        var text = "á" + Repeat('a', length - 1);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(info.Units, Is.EqualTo(length));
            Assert.That(info.Segments, Is.EqualTo(segments));
            Assert.That(info.UnitsPerSegment, Is.EqualTo(segments == 1 ? 70 : 67));
        });
    }

    [TestCase(1, 2, 1)]
    [TestCase(35, 70, 1)]
    [TestCase(36, 72, 2)]
    [TestCase(66, 132, 2)]
    [TestCase(67, 134, 3)] // 2 × 67 by arithmetic, but a part holds only 33 whole pairs.
    public void Emoji_count_two_utf16_units_each(int emoji, int units, int segments)
    {
        var info = SmsSegments.Measure(Repeat(Emoji, emoji));

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Ucs2));
            Assert.That(info.Units, Is.EqualTo(units));
            Assert.That(info.Segments, Is.EqualTo(segments));
        });
    }

    [Test]
    public void A_surrogate_pair_that_would_straddle_unit_67_moves_whole_to_the_next_part()
    {
        // 66 + 2 + 66 = 134 units, which would fit 2 × 67, but the emoji cannot be split at unit 67:
        // part one carries 66, part two 2 + 65, part three the last 'a'.
        var text = "á" + Repeat('a', 65) + Emoji + Repeat('a', 66);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(134));
            Assert.That(info.Segments, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_surrogate_pair_that_ends_exactly_at_unit_67_stays_in_the_part()
    {
        var text = "á" + Repeat('a', 64) + Emoji + Repeat('a', 67);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(134));
            Assert.That(info.Segments, Is.EqualTo(2));
        });
    }

    [Test]
    public void Emoji_after_one_leading_unit_fill_part_one_and_then_66_units_per_part()
    {
        // 201 units would fit 3 × 67, but: 1 + 33 pairs = 67 in part one, 33 pairs (66) in parts two and three,
        // and the hundredth pair in part four.
        var text = "á" + Repeat(Emoji, 100);

        var info = SmsSegments.Measure(text);

        Assert.Multiple(() =>
        {
            Assert.That(info.Units, Is.EqualTo(201));
            Assert.That(info.Segments, Is.EqualTo(4));
        });
    }

    [Test]
    public void Empty_text_has_no_parts()
    {
        var info = SmsSegments.Measure("");

        Assert.Multiple(() =>
        {
            Assert.That(info.Encoding, Is.EqualTo(SmsTextEncoding.Gsm7));
            Assert.That(info.Units, Is.Zero);
            Assert.That(info.Segments, Is.Zero);
            Assert.That(info.RemainingInLastSegment, Is.EqualTo(160));
        });
    }

    [TestCase("Hi", 158)]
    [TestCase("€", 158)]
    public void Remaining_in_a_single_gsm7_part_counts_septets(string text, int remaining)
    {
        Assert.That(SmsSegments.Measure(text).RemainingInLastSegment, Is.EqualTo(remaining));
    }

    [Test]
    public void Remaining_in_the_last_multipart_part_counts_from_153()
    {
        Assert.That(SmsSegments.Measure(Repeat('a', 200)).RemainingInLastSegment, Is.EqualTo(306 - 200));
    }

    [TestCase("Hello", true)]
    [TestCase("Grüße", true)]
    [TestCase("Façade", false)]
    [TestCase("{[€]}", true)]
    [TestCase("naïve", false)]
    [TestCase("tab\there", false)]
    [TestCase("", true)]
    public void IsGsm7_checks_both_tables(string text, bool expected)
    {
        Assert.That(SmsSegments.IsGsm7(text), Is.EqualTo(expected));
    }
}
