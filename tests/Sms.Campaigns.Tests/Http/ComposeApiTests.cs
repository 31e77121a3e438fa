using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Campaigns.Tests.Support;

namespace Sms.Campaigns.Tests.Http;

/// <summary><c>POST /v1/campaigns/compose</c>: the counter and the content check with the deployment's brand and link domains.</summary>
public sealed class ComposeApiTests : CampaignsServiceTest
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> ComposeAsync(object request)
    {
        var response = await Client.PostAsJsonAsync("/v1/campaigns/compose", request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Test]
    public async Task A_text_is_measured_and_checked_with_the_configured_brand_and_domains()
    {
        var (status, body) = await ComposeAsync(new { text = "Hi {first_name|there}, 20% off at links.acme.example/s and bit.ly/x 👟" });
        var (transactionalStatus, transactional) = await ComposeAsync(new
        {
            text = "Acme Shoes: your order ships today, {first_name|friend}.", category = "Transactional",
        });

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            Assert.That(body.GetProperty("encoding").GetString(), Is.EqualTo("ucs2"));
            Assert.That(body.GetProperty("characters").GetInt32(), Is.EqualTo(56), "\"there\" counted, the emoji as one character");
            Assert.That(body.GetProperty("segments").GetInt32(), Is.EqualTo(1), "57 UTF-16 units: one UCS-2 segment");
            Assert.That(body.GetProperty("placeholders")[0].GetProperty("name").GetString(), Is.EqualTo("first_name"));
            Assert.That(body.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()),
                Is.EqualTo(new[] { "brand_missing", "opt_out_missing", "link_shortener" }));
            Assert.That(transactionalStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((transactional.GetProperty("encoding").GetString(), transactional.GetProperty("segments").GetInt32()), Is.EqualTo(("gsm7", 1)));
            Assert.That(transactional.GetProperty("warnings").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task A_missing_text_or_an_unknown_category_is_a_400_naming_the_field()
    {
        var (noText, noTextBody) = await ComposeAsync(new { text = " " });
        var (badCategory, badCategoryBody) = await ComposeAsync(new { text = "Acme", category = "Spam" });

        Assert.Multiple(() =>
        {
            Assert.That(noText, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noTextBody.GetProperty("errors").GetProperty("text")[0].GetString(), Does.Contain("required"));
            Assert.That(badCategory, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badCategoryBody.GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("category"));
        });
    }
}
