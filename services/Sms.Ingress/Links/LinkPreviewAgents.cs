namespace Sms.Ingress.Links;

/// <summary>
/// The robots that fetch a link to draw its preview: a messaging app or social site that fetches a campaign's tracked
/// link as soon as the text arrives or the link is pasted, before (or without) anyone tapping it. They are redirected
/// like anyone else, so the preview shows the destination's page, but their fetch is not a click
/// (<see cref="TrackedLinkRedirect"/>). Pure: a list of substrings of the <c>User-Agent</c>, compared case-insensitively.
/// </summary>
/// <remarks>
/// Several apps borrow these names rather than announce their own: Apple's Messages (iMessage) fetches previews as
/// <c>facebookexternalhit/1.1 Facebot Twitterbot/1.0</c>, Signal as <c>WhatsApp</c>. A fetcher that sends a browser's
/// user agent (some Android messaging apps do) cannot be told from a person, and its fetch counts as a click. There is
/// deliberately no catch-all such as "bot": real phones' user agents contain it too (CUBOT is an Android brand). Nor is
/// an app's own name a marker: the in-app browsers of Snapchat, Pinterest or Instagram put it in the user agent of a
/// person who tapped the link.
/// </remarks>
public static class LinkPreviewAgents
{
    /// <summary>The substrings that mark a preview robot's user agent.</summary>
    public static readonly IReadOnlyList<string> Markers =
    [
        "facebookexternalhit", "Facebot", // Facebook, Messenger, Instagram; Apple's Messages borrows both
        "Twitterbot",                     // X (Twitter); Apple's Messages borrows it
        "WhatsApp",                       // WhatsApp; Signal borrows it
        "Slackbot",                       // Slack (Slackbot-LinkExpanding)
        "TelegramBot",
        "Discordbot",
        "LinkedInBot",
        "SkypeUriPreview",                // Skype and Microsoft Teams
        "Googlebot", "Google-PageRenderer", "GoogleOther",
        "bingbot",
        "Applebot",
        "Iframely",
        "Embedly",
        "redditbot",
        "Pinterestbot", "Pinterest/0.",   // not "Pinterest": its app's in-app browser says so
        "vkShare",
        "Mastodon",
    ];

    /// <summary>Whether <paramref name="userAgent"/> is a link-preview robot's; false when there is none.</summary>
    public static bool IsPreview(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent)) return false;
        foreach (var marker in Markers)
            if (userAgent.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
