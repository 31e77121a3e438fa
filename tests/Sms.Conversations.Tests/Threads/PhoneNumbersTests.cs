using Sms.Conversations.Threads;

namespace Sms.Conversations.Tests.Threads;

public sealed class PhoneNumbersTests
{
    [TestCase("+447700900123")]
    [TestCase("+15555550100")]
    [TestCase("+123456789012345")]
    [TestCase("+1234567")]
    public void E164_numbers_are_accepted(string number) => Assert.That(PhoneNumbers.IsE164(number), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("447700900123")]
    [TestCase(" 447700900123")]
    [TestCase("+0447700900123")]
    [TestCase("+44 7700 900123")]
    [TestCase("+1234567890123456")]
    [TestCase("+123456")]
    [TestCase("+44770090012a")]
    [TestCase("+447700900123\n")]
    [TestCase("ACME")]
    public void Anything_else_is_refused(string? number) => Assert.That(PhoneNumbers.IsE164(number), Is.False);
}
