using System.Collections.Concurrent;

namespace Sms.CarrierSimulator.State;

/// <summary>A picture or file a simulated customer sent, as the carrier keeps it for the platform to fetch.</summary>
public sealed record StoredMedia(string ContentType, byte[] Content, string Provider);

/// <summary>
/// The media of simulated inbound MMS, served as each carrier serves it: Twilio's behind Basic auth for the account
/// (<c>/2010-04-01/Accounts/{sid}/Messages/{MM}/Media/{ME}</c>), Vonage's Messages API media at a public, unguessable URL
/// (<c>/v3/media/{id}</c>), as its spec describes. Kept in memory for the simulator's lifetime. Thread-safe.
/// </summary>
public sealed class MediaStore
{
    /// <summary>A 96×64 PNG (a sky, a sun, a field): the picture sent when a simulated MMS names no content.</summary>
    public static readonly byte[] SamplePicture = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAIAAABqVuVZAAABZ0lEQVR42u3QXysDcBjF8fNyvAgvTJIkSVqSJEmSJM0wMzMzMzMzM8zfN3HegSsXu3Hjmd+zq2ed+lyfU19MZCkGTB5QDJjKUQyYPqQYMHNEMWD2mGLAXJ5iwPwJR8B3e+wvQy5jocDojDp9w4xj8ZRxDUzzm+8CmSLjSgrku8DSGYNKqtPneMFyiRE56vSlHmHlnBG5A6UeYbXMiNyBUo+wdsGI3IFSj7BeYUTuQKlH2LhkRO5AqUfYrDIid6DUI2xdMSJ3oNQjbNcYkTtQ6hF2rhmUo47jBbt1xpVUx3eBvRvGlRTId4H9BqMbmGaYcWRvOQKMOkMuI9ekGHB0RzEg36IYULinGFBsUwwoPVAMKHcoBlQeKQZUuxQDak8UA+rPFAMaLxQDmj2KAa1XigHtN4oBnXeKAd0PigHPnxQDel8UA8Yz42JQIAVSIAVSIAVSIAVSIFEgBVIgBVIgBVIgBRIF+r8fboTRYbe6GTsAAAAASUVORK5CYII=");

    private readonly ConcurrentDictionary<string, StoredMedia> _media = new(StringComparer.Ordinal);

    /// <summary>Keeps the media; returns its new id.</summary>
    public string Add(StoredMedia media)
    {
        var id = "ME" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(32, lowercase: true);
        _media[id] = media;
        return id;
    }

    public StoredMedia? Find(string id) => _media.GetValueOrDefault(id);
}
