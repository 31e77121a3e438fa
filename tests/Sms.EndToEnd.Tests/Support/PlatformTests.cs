using System.Collections.Concurrent;

namespace Sms.EndToEnd.Tests.Support;

/// <summary>
/// Base of the tests on the shared platform (<see cref="Platform"/>): each test gets a customer number of its own, so
/// tests never see each other's sessions, threads or consent. A test that plays more customers asks
/// <see cref="Platform.NewCustomerNumber"/> for the others.
/// </summary>
public abstract class PlatformTests
{
    /// <summary>The hand-over text a customer gets once when people take the conversation (an expected wait may follow).</summary>
    public const string HandoverText = "I'm connecting you with a member of our team now.";

    private readonly ConcurrentDictionary<string, string> _customers = new(StringComparer.Ordinal);

    /// <summary>This test's customer: a fresh number the first time a test asks, the same one after.</summary>
    protected string Customer => _customers.GetOrAdd(TestContext.CurrentContext.Test.ID, _ => Platform.NewCustomerNumber());
}
