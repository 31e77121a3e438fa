using System.Globalization;

namespace Sms.Testing;

/// <summary>Phone numbers for tests that share the real servers.</summary>
public static class TestNumbers
{
    /// <summary>
    /// A number no other test (nor an earlier run against the same servers) uses: E.164, <c>+999</c> (a country code
    /// that is not assigned, so never a real customer) and eleven random digits.
    /// </summary>
    public static string Unique() =>
        "+999" + Random.Shared.NextInt64(10_000_000_000, 100_000_000_000).ToString(CultureInfo.InvariantCulture);
}
