using Sms.Router.Tests.Support;

namespace Sms.Router.Tests.Flows;

/// <summary>The router's own host refuses to start with a flow that is wrong, and says where.</summary>
public class FlowStartupTests
{
    [Test]
    public async Task The_router_refuses_to_start_naming_the_wrong_option()
    {
        await using var app = await TestRouter.HostAsync(new Dictionary<string, string>
        {
            ["Router:Flows:post_purchase_feedback:Steps:rating:Options:1:Next"] = "coments",
        });

        var failure = Assert.Catch(() => app.CreateClient());

        Assert.That(failure!.ToString(), Does.Contain(
            "Router:Flows:post_purchase_feedback:Steps:rating:Options:1:Next names the step 'coments', which does not exist (steps: 'comments', 'rating', 'reminder')."));
    }

    [Test]
    public async Task The_router_starts_with_the_shipped_flows()
    {
        await using var app = await TestRouter.HostAsync();

        using var client = app.CreateClient();
        var response = await client.GetAsync("/health/live");

        Assert.That(response.IsSuccessStatusCode, Is.True);
    }
}
