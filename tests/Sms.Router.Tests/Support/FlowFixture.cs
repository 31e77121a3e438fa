namespace Sms.Router.Tests.Support;

/// <summary>A test of the router's flows: the router with its shipped flows, and a customer going through them.</summary>
public abstract class FlowFixture : RouterFixture
{
    protected override bool WithShippedSettings => true;

    /// <summary>This test's customer, going through a flow.</summary>
    protected FlowConversation Customer { get; private set; } = null!;

    [SetUp]
    public void NewFlowConversation() => Customer = new FlowConversation(() => Router, Clock, CustomerNumber);
}
