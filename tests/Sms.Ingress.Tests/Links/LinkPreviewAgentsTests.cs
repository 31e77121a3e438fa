using Sms.Ingress.Links;

namespace Sms.Ingress.Tests.Links;

public sealed class LinkPreviewAgentsTests
{
    [TestCase("facebookexternalhit/1.1 Facebot Twitterbot/1.0", TestName = "Apple Messages (iMessage)")]
    [TestCase("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [TestCase("WhatsApp/2.23.20.0 A")]
    [TestCase("WhatsApp/2 (Signal)", TestName = "Signal, as WhatsApp")]
    [TestCase("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [TestCase("TelegramBot (like TwitterBot)")]
    [TestCase("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [TestCase("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)")]
    [TestCase("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5")]
    [TestCase("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [TestCase("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")]
    [TestCase("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)")]
    [TestCase("Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)")]
    [TestCase("Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)")]
    [TestCase("http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)")]
    [TestCase("FACEBOOKEXTERNALHIT/1.1", TestName = "Case does not matter")]
    public void A_preview_robot_is_recognised(string userAgent) =>
        Assert.That(LinkPreviewAgents.IsPreview(userAgent), Is.True);

    [TestCase("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")]
    [TestCase("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")]
    [TestCase("Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        TestName = "A phone whose brand contains 'bot'")]
    [TestCase("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]",
        TestName = "A person in Pinterest's in-app browser")]
    [TestCase("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36 Snapchat/12.60.0.46 (like Safari/604.1)",
        TestName = "A person in Snapchat's in-app browser")]
    [TestCase("")]
    [TestCase(null)]
    public void A_person_is_not_taken_for_a_robot(string? userAgent) =>
        Assert.That(LinkPreviewAgents.IsPreview(userAgent), Is.False);
}
