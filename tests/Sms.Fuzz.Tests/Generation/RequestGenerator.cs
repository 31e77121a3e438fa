using System.Globalization;
using System.Text;
using Sms.Fuzz.Tests.Endpoints;
using Sms.Fuzz.Tests.Http;

namespace Sms.Fuzz.Tests.Generation;

/// <summary>
/// Makes one hostile request for an endpoint: its path with junk or real ids, a query string of its own parameters and
/// others, a body that is JSON near or far from what it reads (deep, truncated, invalid UTF-8, NUL, unpaired
/// surrogates, huge), a form with duplicate keys, CSV (a consent import's or an audience's), random bytes, with a right
/// or wrong content type; segment definitions and prompts near or far from valid, campaign texts with broken
/// placeholders; a valid API
/// key, the inbox session, garbage or nothing as credentials; header injection attempts; now and then a request whose
/// framing itself is broken. Every choice comes from <see cref="Chaos"/>, so a seed repeats the run.
/// </summary>
public sealed class RequestGenerator(Chaos chaos, FuzzTargets targets)
{
    /// <summary>Parameters that handlers read by hand (webhooks, export, events), not declared by their signature.</summary>
    private static readonly string[] QueryVocabulary =
    [
        "format", "scope", "lastEventId", "groupBy", "from", "to", "limit", "before", "status", "q", "conversationId",
        "campaignId", "messageId", "msisdn", "text", "type", "timestamp", "sig", "MessageSid", "Body", "From", "To",
        "MessageStatus", "err-code", "concat", "concat-ref", "concat-total", "concat-part", "label", "flagged", "assignee",
    ];

    /// <summary>The fields carriers send on webhooks (Vonage SMS API, Messages API, Twilio).</summary>
    private static readonly string[] WebhookVocabulary =
    [
        "msisdn", "to", "messageId", "text", "type", "keyword", "message-timestamp", "api-key", "timestamp", "sig", "nonce",
        "concat", "concat-ref", "concat-total", "concat-part", "data", "udh", "status", "err-code", "scts", "network-code",
        "price", "client-ref", "MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "NumSegments",
        "MessageStatus", "ErrorCode", "message_uuid", "channel", "message_type", "from", "sms", "error", "usage",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/csv", "text/plain",
        "multipart/form-data", "multipart/form-data; boundary=", "application/xml", "application/json; charset=utf-7",
        "application/merge-patch+json", "*/*", "", "application/", ";;;", "text/csv; charset=latin1", "application/octet-stream",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    /// <summary>The members of a segment's definition (Campaigns' <c>SegmentDefinition</c>), for definitions near or far from valid.</summary>
    private static readonly FieldShape[] SegmentFields =
    [
        new("labelsAll", ValueKind.List), new("labelsAny", ValueKind.List), new("labelsNone", ValueKind.List), new("attributes", ValueKind.List),
        new("engagementMin", ValueKind.Integer), new("engagementMax", ValueKind.Integer), new("consent", ValueKind.Object),
        new("countries", ValueKind.List), new("timeZones", ValueKind.List), new("lastReplyAfter", ValueKind.Date),
        new("lastReplyBefore", ValueKind.Date), new("campaigns", ValueKind.List), new("excludeSegments", ValueKind.List),
        new("excludeRecentRecipientsHours", ValueKind.Integer), new("excludeOwnedByPeople", ValueKind.Boolean),
    ];

    /// <summary>The members of a prompt (a single send's and a campaign's).</summary>
    private static readonly FieldShape[] PromptFields =
    [
        new("sessionType", ValueKind.Text), new("options", ValueKind.Map), new("autoResponses", ValueKind.Map),
        new("timeToLiveSeconds", ValueKind.Integer), new("context", ValueKind.Map),
    ];

    /// <summary>Campaign texts with placeholders, well and badly formed, for the compose check and the drafts.</summary>
    private static readonly string[] TemplateTexts =
    [
        "Hi {first_name|there}! 20% off this weekend. Reply STOP to opt out", "{name}", "{first_name|}", "{|x}", "{", "}", "{{first_name}}",
        "{first_name", "first_name}", "{a|b|c}", "{ first_name | there }", "{tier|gold} {tier|silver} {tier}", "{💥|👟}", "{\u0000}",
        "Deal at bit.ly/x and https://tinyurl.com/y", "Buy vape and beer now", "{" + new string('a', 5000) + "}", "x{y}z{",
    ];

    public FuzzRequest Next(FuzzEndpoint endpoint)
    {
        if (endpoint.Body.Count > 0 && chaos.Chance(0.2)) return NearMissRequest(endpoint);
        var notes = new List<string>();
        var method = chaos.Chance(0.9) ? endpoint.Method : chaos.Pick(Methods);
        var target = Path(endpoint, notes) + Query(endpoint, notes);
        var headers = new List<(string, byte[])>();
        Credentials(headers, notes);
        var body = Body(endpoint, method, headers, notes);
        ExtraHeaders(headers, notes);

        var request = new FuzzRequest(endpoint.Service, method, target, headers, body, string.Join("; ", notes));
        if (chaos.Chance(0.04)) return BrokenFraming(request);
        return request;
    }

    /// <summary>
    /// A request as a well-behaved caller makes it (its method, the API key, JSON) whose body has every member
    /// plausible but one: it gets past authentication and most validation, so the hostile value reaches the code
    /// behind, and the command is often accepted, which the test then follows.
    /// </summary>
    private FuzzRequest NearMissRequest(FuzzEndpoint endpoint)
    {
        var notes = new List<string> { "near miss", "api key" };
        var target = Path(endpoint, notes);
        var body = Wire.Bytes(NearMiss(endpoint.Body));
        notes.Add($"json body ({body.Length} bytes): {Wire.Preview(body, 160)}");
        return new FuzzRequest(endpoint.Service, endpoint.Method, target,
            [("X-Api-Key", Ascii(targets.ApiKey)), ("Content-Type", Ascii("application/json"))], body, string.Join("; ", notes));
    }

    private string Path(FuzzEndpoint endpoint, List<string> notes)
    {
        var path = new StringBuilder();
        foreach (var segment in endpoint.Segments)
        {
            path.Append('/');
            foreach (var part in segment)
            {
                if (part.Literal is not null)
                    path.Append(chaos.Chance(0.03) ? Wire.Percent(part.Literal) : part.Literal);
                else
                    path.Append(RouteValue(endpoint, part, notes));
            }
        }
        if (endpoint.IsStaticFile && endpoint.Route.EndsWith('/')) path.Append('/'); // a folder, served by its default file
        if (path.Length == 0) path.Append('/');
        if (chaos.Chance(0.05))
        {
            var extra = chaos.Pick(["/", "//", "/%2e%2e/%2e%2e/", "/..;/", "/%00", "/%FF%FE", "/" + Wire.Percent(chaos.HostileText()), "/%C0%AF", "/;x=1"]);
            path.Append(extra);
            notes.Add("path+" + Wire.Preview(extra, 40));
        }
        return path.ToString();
    }

    private string RouteValue(FuzzEndpoint endpoint, RoutePart part, List<string> notes)
    {
        var name = part.Parameter!;
        if (part.Constraints.Contains("guid") && KnownIdsOf(endpoint) is { Count: > 0 } existing && chaos.Chance(0.6))
            return chaos.Pick(existing).ToString();
        if (part.Constraints.Contains("guid"))
        {
            var pool = name.Contains("canned", StringComparison.OrdinalIgnoreCase) ? targets.CannedResponseIds : targets.ConversationIds;
            var choice = chaos.Below(10);
            if (choice < 5 && targets.ConversationIds.Count + targets.CannedResponseIds.Count > 0)
            {
                var known = chaos.Pick(pool.Count > 0 ? pool : [.. targets.ConversationIds, .. targets.CannedResponseIds]);
                return known.ToString();
            }
            if (choice < 8) return chaos.Guid().ToString();
            notes.Add($"{{{name}}}=junk");
            return Wire.Percent(chaos.HostileText());
        }
        if (name.Contains("number", StringComparison.OrdinalIgnoreCase))
        {
            if (chaos.Chance(0.6)) return Wire.Percent(chaos.CustomerNumber());
            var junk = chaos.Pick(Chaos.Numbers.Concat([chaos.HostileText()]).ToList());
            notes.Add($"{{{name}}}={Wire.Preview(junk, 40)}");
            return chaos.Chance(0.8) ? Wire.Percent(junk) : junk.Replace(" ", "%20", StringComparison.Ordinal);
        }
        if (name.Equals("documentName", StringComparison.OrdinalIgnoreCase) && chaos.Chance(0.6)) return "v1";
        var value = chaos.HostileText();
        notes.Add($"{{{name}}}={Wire.Preview(value, 40)}");
        return Wire.Percent(value);
    }

    /// <summary>The Campaigns ids that exist for the resource the route names (<c>/v1/segments/{id}</c>: segments), or none.</summary>
    private List<Guid>? KnownIdsOf(FuzzEndpoint endpoint)
    {
        var resource = endpoint.Route.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault();
        return resource is not null && targets.KnownIds.TryGetValue(resource, out var ids) ? ids : null;
    }

    private string Query(FuzzEndpoint endpoint, List<string> notes)
    {
        if (chaos.Chance(0.3)) return "";
        var names = endpoint.Query.Select(q => q.Name).ToList();
        var count = chaos.Between(1, 6);
        var pairs = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = names.Count > 0 && chaos.Chance(0.7) ? chaos.Pick(names) : chaos.Chance(0.8) ? chaos.Pick(QueryVocabulary) : chaos.HostileText();
            var kind = endpoint.Query.FirstOrDefault(q => q.Name == name)?.Kind ?? ValueKind.Text;
            var value = chaos.Chance(0.4) ? Plausible(name, kind, inQuery: true) : HostileFor(name, kind);
            pairs.Add(Wire.Percent(name) + (chaos.Chance(0.05) ? "" : "=" + Wire.Percent(value)));
            notes.Add($"?{Wire.Preview(name, 30)}={Wire.Preview(value, 40)}");
        }
        if (chaos.Chance(0.05))
        {
            pairs.Add(chaos.Pick(["&&&", "=", "%", "%ZZ=1", "a=%E0%A4", "x=" + new string('9', 5000), "from=" + chaos.Pick(Chaos.Dates) + "&from=" + chaos.Pick(Chaos.Dates)]));
            notes.Add("query junk");
        }
        return "?" + string.Join('&', pairs);
    }

    private void Credentials(List<(string, byte[])> headers, List<string> notes)
    {
        var choice = chaos.Below(100);
        if (choice < 45) { headers.Add(("X-Api-Key", Ascii(targets.ApiKey))); notes.Add("api key"); }
        else if (choice < 52) { headers.Add(("Authorization", Ascii("Bearer " + targets.ApiKey))); notes.Add("bearer api key"); }
        else if (choice < 67 && targets.SessionCookie is not null)
        {
            headers.Add(("Cookie", Ascii(targets.SessionCookie)));
            var csrf = chaos.Chance(0.75);
            if (csrf) headers.Add(("X-Requested-With", Ascii("inbox")));
            notes.Add(csrf ? "session cookie" : "session cookie without X-Requested-With");
        }
        else if (choice < 77) notes.Add("no credentials");
        else if (choice < 85)
        {
            var junk = HeaderJunk();
            headers.Add((chaos.Pick(["X-Api-Key", "Authorization"]), junk));
            notes.Add("junk credentials " + Wire.Preview(junk, 40));
        }
        else if (choice < 92)
        {
            var value = chaos.Pick(["Bearer", "Bearer ", "Basic !!!", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin")),
                "Bearer " + new string('A', 10_000), "Digest x", "Bearer " + targets.ApiKey + "\0", "bearer " + targets.ApiKey.ToUpperInvariant()]);
            headers.Add(("Authorization", Wire.Bytes(value)));
            notes.Add("authorization " + Wire.Preview(value, 40));
        }
        else
        {
            var cookie = chaos.Pick([".AspNetCore.Cookies=" + Wire.Percent(chaos.HostileText()), "sms-inbox=garbage", "=;=;;", new string('c', 9000) + "=1",
                (targets.SessionCookie ?? "x=y") + "x", (targets.SessionCookie ?? "x=y") + "; " + (targets.SessionCookie ?? "x=y")]);
            headers.Add(("Cookie", Wire.Bytes(cookie)));
            if (chaos.Chance(0.5)) headers.Add(("X-Requested-With", Ascii("inbox")));
            notes.Add("junk cookie " + Wire.Preview(cookie, 40));
        }
    }

    private byte[] Body(FuzzEndpoint endpoint, string method, List<(string, byte[])> headers, List<string> notes)
    {
        if (method is "GET" or "HEAD" or "DELETE" or "OPTIONS" && chaos.Chance(0.8)) return [];
        var webhook = endpoint.Route.StartsWith("/webhooks", StringComparison.Ordinal);
        var import = endpoint.Route.EndsWith("/import", StringComparison.Ordinal);
        var audience = endpoint.Route.StartsWith("/v1/audiences", StringComparison.Ordinal);
        var choice = chaos.Below(100);
        string kind;
        byte[] body;
        if (endpoint.Body.Count > 0 && choice < 30) (kind, body) = ("json, one member hostile", Wire.Bytes(NearMiss(endpoint.Body)));
        else if (import && choice < 50) (kind, body) = ("csv", Csv());
        else if (audience && choice < 60) (kind, body) = ("audience csv", AudienceCsv());
        else if (webhook && choice < 50) (kind, body) = ("form", Encoding.ASCII.GetBytes(Form(endpoint)));
        else if (choice < 55) (kind, body) = ("json", Wire.Bytes(JsonObject(endpoint.Body)));
        else if (choice < 75) (kind, body) = ("broken json", BrokenJson(endpoint.Body));
        else if (choice < 85) (kind, body) = ("form", Encoding.ASCII.GetBytes(Form(endpoint)));
        else if (choice < 90) (kind, body) = ("csv", Csv());
        else if (choice < 97) (kind, body) = ("random bytes", chaos.Bytes(chaos.Pick([1, 17, 1000, 70_000])));
        else (kind, body) = ("empty", []);

        var contentType = kind switch
        {
            "json" or "broken json" => "application/json",
            "form" => "application/x-www-form-urlencoded",
            "csv" or "audience csv" => "text/csv",
            _ => "application/octet-stream",
        };
        if (chaos.Chance(0.2)) contentType = chaos.Pick(ContentTypes);
        if (chaos.Chance(0.93)) headers.Add(("Content-Type", Ascii(contentType)));
        notes.Add($"{kind} body ({body.Length} bytes, {contentType}): {Wire.Preview(body, 120)}");
        return body;
    }

    /// <summary>Every member plausible but one (sometimes none), so the request passes most validation and the hostile value goes deep.</summary>
    private string NearMiss(IReadOnlyList<FieldShape> fields)
    {
        var hostile = chaos.Below(fields.Count + 1); // == Count: none
        return "{" + string.Join(",", fields.Select((f, i) => Wire.JsonString(f.Name) + ":" + (i == hostile ? HostileJson(f) : PlausibleJson(f)))) + "}";
    }

    /// <summary>A JSON object with the endpoint's members (some missing, some extra, some twice), values plausible or hostile.</summary>
    private string JsonObject(IReadOnlyList<FieldShape> fields, int depth = 0)
    {
        var members = new List<string>();
        foreach (var field in fields)
        {
            if (!chaos.Chance(0.75)) continue;
            members.Add(Wire.JsonString(field.Name) + ":" + (chaos.Chance(0.5) ? PlausibleJson(field) : HostileJson(field, depth)));
            if (chaos.Chance(0.05)) members.Add(Wire.JsonString(field.Name) + ":" + HostileJson(field, depth));
        }
        for (var i = chaos.Chance(0.3) ? chaos.Between(1, 4) : 0; i > 0; i--)
            members.Add(Wire.JsonString(chaos.Chance(0.5) ? chaos.Pick(WebhookVocabulary) : chaos.HostileText()) + ":" + HostileJson(ValueKind.Any, depth));
        return "{" + string.Join(",", members) + "}";
    }

    private string HostileJson(ValueKind kind, int depth = 0) => kind switch
    {
        ValueKind.Integer => chaos.Pick(["0", "-1", "2147483648", "-2147483649", "99999999999999999999999", "1.5", "1e400", "-0", "\"12\"", "null", "true", "[]", "{}"]),
        ValueKind.Boolean => chaos.Pick(["true", "false", "\"true\"", "1", "0", "null", "\"yes\""]),
        ValueKind.Guid => chaos.Pick([Wire.JsonString(chaos.Guid().ToString()), "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"",
            Wire.JsonString("{" + chaos.Guid() + "}"), "123", "null", Wire.JsonString(chaos.HostileText())]),
        ValueKind.Date => chaos.Chance(0.8) ? Wire.JsonString(chaos.Pick(Chaos.Dates)) : chaos.Pick(["0", "-1", "1e20", "null"]),
        ValueKind.List => chaos.Pick(["[]", "[null]", "\"x\"", "{}", "[" + string.Join(",", Enumerable.Range(0, chaos.Between(1, 5)).Select(_ => Wire.JsonString(chaos.HostileText()))) + "]",
            "[" + string.Join(",", Enumerable.Repeat("\"a\"", 5000)) + "]"]),
        ValueKind.Map => chaos.Pick(["{}", "[]", "null", "{" + string.Join(",", Enumerable.Range(0, chaos.Between(1, 5))
            .Select(_ => Wire.JsonString(chaos.HostileText()) + ":" + Wire.JsonString(chaos.HostileText()))) + "}", "{\"a\":1,\"a\":2}", "{\"k\":{\"deep\":[1,2]}}"]),
        ValueKind.Object or ValueKind.Any when depth < 3 && chaos.Chance(0.3) => JsonObject([
            new FieldShape(chaos.HostileText(), ValueKind.Any), new FieldShape("text", ValueKind.Text), new FieldShape("options", ValueKind.Map)], depth + 1),
        _ => chaos.Chance(0.8) ? Wire.JsonString(chaos.HostileText()) : chaos.Pick(["null", "0", "[]", "{}", "true", "-1e999"]),
    };

    private string HostileJson(FieldShape field, int depth = 0) => field.Name switch
    {
        // A definition or a prompt with its own members, some hostile: deep enough to reach the validators behind.
        "definition" when chaos.Chance(0.7) => JsonObject(SegmentFields, depth + 1),
        "prompt" when chaos.Chance(0.7) => JsonObject(PromptFields, depth + 1),
        "text" when chaos.Chance(0.3) => Wire.JsonString(chaos.Pick(TemplateTexts)),
        _ => field.Kind == ValueKind.Text && chaos.Chance(0.5) ? Wire.JsonString(HostileFor(field.Name, field.Kind)) : HostileJson(field.Kind, depth),
    };

    /// <summary>A segment definition as a caller writes one: a few conditions, most plausible, ids that may exist.</summary>
    private string SegmentDefinitionJson()
    {
        var members = new List<string>();
        if (chaos.Chance(0.5)) members.Add("\"labelsAll\":[" + Wire.JsonString(chaos.Pick(["vip", "fuzz", "billing"])) + "]");
        if (chaos.Chance(0.3)) members.Add("\"labelsNone\":[\"blocked\"]");
        if (chaos.Chance(0.3)) members.Add("\"engagementMin\":" + chaos.Pick(["0", "40", "100", "-5"]) + ",\"engagementMax\":" + chaos.Pick(["100", "10", "2147483647"]));
        if (chaos.Chance(0.3))
            members.Add("\"attributes\":[{\"name\":" + Wire.JsonString(chaos.Pick(["tier", "city", "first_name"])) + ",\"operator\":"
                + Wire.JsonString(chaos.Pick(["Equals", "NotEquals", "Contains", "Exists", "Missing", "Like", "equals"])) + ",\"value\":" + Wire.JsonString(chaos.Pick(["gold", "%", "_", "\\", "'"])) + "}]");
        if (chaos.Chance(0.3))
            members.Add("\"consent\":{\"purpose\":" + Wire.JsonString(chaos.Pick(["marketing", "informational", "other"])) + ",\"state\":"
                + Wire.JsonString(chaos.Pick(["OptedIn", "NotOptedOut", "OptedOut", "Unknown", "Maybe"])) + "}");
        if (chaos.Chance(0.2)) members.Add("\"countries\":[" + Wire.JsonString(chaos.Pick(["GB", "US", "gb", "XX", "GBR"])) + "]");
        if (chaos.Chance(0.2)) members.Add("\"timeZones\":[" + Wire.JsonString(chaos.Pick(Chaos.TimeZones)) + "]");
        if (chaos.Chance(0.2)) members.Add("\"lastReplyAfter\":" + Wire.JsonString(chaos.Pick(Chaos.Dates)));
        if (chaos.Chance(0.2) && targets.KnownIds.GetValueOrDefault("campaigns") is { Count: > 0 } campaigns)
            members.Add("\"campaigns\":[{\"campaignId\":" + Wire.JsonString(chaos.Pick(campaigns).ToString()) + ",\"outcome\":"
                + Wire.JsonString(chaos.Pick(["Received", "Replied", "NotReplied", "Clicked"])) + "}]");
        if (chaos.Chance(0.2))
        {
            var segment = targets.KnownIds.GetValueOrDefault("segments") is { Count: > 0 } segments && chaos.Chance(0.7) ? chaos.Pick(segments) : chaos.Guid();
            members.Add("\"excludeSegments\":[" + Wire.JsonString(segment.ToString()) + "]");
        }
        if (chaos.Chance(0.2)) members.Add("\"excludeRecentRecipientsHours\":" + chaos.Pick(["1", "0", "-1", "100000", "2147483647"]));
        if (chaos.Chance(0.2)) members.Add("\"excludeOwnedByPeople\":true");
        return "{" + string.Join(",", members) + "}";
    }

    private string PlausibleJson(FieldShape field) => field.Name switch
    {
        "definition" => SegmentDefinitionJson(),
        "prompt" => chaos.Pick(["{\"sessionType\":\"flash_sale\",\"options\":{\"YES\":\"claim\",\"NO\":\"decline\"},\"autoResponses\":{\"claim\":\"Code SPRING20\"},\"context\":{\"offer\":\"s20\"}}",
            "{\"sessionType\":\"survey\",\"options\":{\"1\":\"great\",\"2\":\"poor\"},\"timeToLiveSeconds\":3600}", "null"]),
        "segmentId" when targets.KnownIds.GetValueOrDefault("segments") is { Count: > 0 } segments => Wire.JsonString(chaos.Pick(segments).ToString()),
        "audienceId" when targets.KnownIds.GetValueOrDefault("audiences") is { Count: > 0 } audiences => Wire.JsonString(chaos.Pick(audiences).ToString()),
        "localTime" => Wire.JsonString(chaos.Pick(["10:00", "9:30", "23:59:59"])),
        "flowName" => chaos.Pick(["null", "\"post_purchase_feedback\""]),
        _ => PlausibleByKind(field),
    };

    private string PlausibleByKind(FieldShape field) => field.Kind switch
    {
        ValueKind.Integer => chaos.Pick(["1", "60", "86400", "10"]),
        ValueKind.Boolean => chaos.Pick(["true", "false"]),
        ValueKind.Guid => Wire.JsonString((field.Name.Contains("canned", StringComparison.OrdinalIgnoreCase) && targets.CannedResponseIds.Count > 0
            ? chaos.Pick(targets.CannedResponseIds) : chaos.Guid()).ToString()),
        ValueKind.Date => Wire.JsonString(chaos.Now.AddDays(-chaos.Below(30)).ToString("O", CultureInfo.InvariantCulture)),
        ValueKind.List => "[" + Wire.JsonString(chaos.Pick(["vip", "billing", "fuzz"])) + "]",
        ValueKind.Map => "{\"YES\":\"confirm\",\"1\":\"confirm\"}",
        ValueKind.Object => "{\"sessionType\":\"appointment_reminder\",\"options\":{\"YES\":\"confirm\"},\"timeToLiveSeconds\":60}",
        _ => Wire.JsonString(Plausible(field.Name, field.Kind)),
    };

    /// <summary>A hostile value aimed at what the named field holds (a date, a number, a time zone), else any hostile text.</summary>
    private string HostileFor(string name, ValueKind kind)
    {
        var lower = name.ToLowerInvariant();
        if (chaos.Chance(0.5))
        {
            if (kind == ValueKind.Date || lower is "from" or "to" or "before" or "since" or "occurredat" or "occurred_at" or "timestamp" or "message-timestamp" or "scts")
                return chaos.Pick(Chaos.Dates);
            if (lower.Contains("number", StringComparison.Ordinal) || lower is "msisdn" or "from" or "to")
                return chaos.Pick(Chaos.Numbers);
            if (lower.Contains("zone", StringComparison.Ordinal)) return chaos.Pick(Chaos.TimeZones);
            if (kind == ValueKind.Integer || lower is "limit" or "lasteventid" or "concat-total" or "concat-part" or "numsegments")
                return chaos.Pick(["0", "-1", "2147483648", "99999999999999999999", "1.5", "1e3", " 1", "0x10", "NaN"]);
        }
        return chaos.HostileText();
    }

    /// <summary>A value that passes for the named field, so the request reaches the code behind the validation.</summary>
    private string Plausible(string name, ValueKind kind, bool inQuery = false)
    {
        var lower = name.ToLowerInvariant();
        if (inQuery && lower is "from" or "to" or "before")
            return chaos.Now.AddDays(-chaos.Below(10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // A message goes from one of our numbers to a customer.
        if (lower is "from" or "businessnumber") return targets.BusinessNumber;
        if (lower is "to" or "number" or "customernumber" or "msisdn") return chaos.CustomerNumber();
        return lower switch
        {
            "text" or "body" => chaos.Pick(["Hello from the fuzz test", "YES", "STOP", "help", "Can I move it to Friday?", "Hi {first_name|there}! Reply STOP to opt out"]),
            "category" => chaos.Pick(["transactional", "marketing", "conversational", "compliance"]),
            "username" => "fuzz-" + chaos.Digits(6),
            "password" => "fuzz-password-" + chaos.Digits(4),
            "displayname" or "name" or "title" or "agent" or "reason" or "evidence" => "Fuzz " + chaos.Digits(3),
            "role" => chaos.Pick(["agent", "admin"]),
            "timezone" => chaos.Pick(["Europe/London", "America/New_York"]),
            "status" => chaos.Pick(["open", "waiting_on_agent", "resolved", "all"]),
            "limit" => chaos.Pick(["1", "10", "100"]),
            "before" or "occurredat" => chaos.Now.AddDays(-chaos.Below(10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "groupby" => chaos.Pick(["day", "campaign"]),
            "format" => chaos.Pick(["csv", "json"]),
            "conversationid" when targets.ConversationIds.Count > 0 => chaos.Pick(targets.ConversationIds).ToString(),
            "lasteventid" => chaos.Between(0, 1000).ToString(CultureInfo.InvariantCulture),
            _ => kind switch
            {
                ValueKind.Guid => chaos.Guid().ToString(),
                ValueKind.Integer => chaos.Between(0, 100).ToString(CultureInfo.InvariantCulture),
                ValueKind.Boolean => chaos.Pick(["true", "false"]),
                ValueKind.Date => chaos.Now.ToString("O", CultureInfo.InvariantCulture),
                _ => "fuzz",
            },
        };
    }

    private byte[] BrokenJson(IReadOnlyList<FieldShape> fields)
    {
        var valid = JsonObject(fields);
        switch (chaos.Below(9))
        {
            case 0:
                var depth = chaos.Pick([64, 1_000, 100_000]);
                return Encoding.ASCII.GetBytes(new string('[', depth) + (chaos.Chance(0.5) ? new string(']', depth) : "]"));
            case 1: return Wire.Bytes(valid[..chaos.Between(0, Math.Max(1, valid.Length))]);
            case 2: return Wire.Bytes(valid.TrimEnd('}') + ",}");
            case 3: return [0xEF, 0xBB, 0xBF, .. Wire.Bytes(valid)];
            case 4:
                // Invalid UTF-8 inside a string value.
                var bad = chaos.Pick<byte[]>([[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]]);
                var name = fields.Count > 0 ? chaos.Pick(fields).Name : "text";
                return [.. Encoding.ASCII.GetBytes("{\"" + name + "\":\"a"), .. bad, .. Encoding.ASCII.GetBytes("b\"}")];
            case 5: return Encoding.UTF8.GetBytes(chaos.Pick(["42", "\"x\"", "null", "true", "[]", "{", "}", "{\"a\":}", "{'a':1}", "{\"a\":NaN}", "{/*c*/}"]));
            case 6: return Wire.Bytes("{\"" + (fields.Count > 0 ? chaos.Pick(fields).Name : "text") + "\":" + Wire.JsonString(new string('x', chaos.Pick([70_000, 2_000_000]))) + "}");
            case 7: return Wire.Bytes(valid + valid);
            default: return Wire.Bytes(valid.Replace("\"", "'", StringComparison.Ordinal));
        }
    }

    private string Form(FuzzEndpoint endpoint)
    {
        var names = endpoint.Body.Select(f => f.Name).Concat(WebhookVocabulary).ToList();
        var fields = new List<KeyValuePair<string, string>>();
        for (var i = chaos.Between(1, 12); i > 0; i--)
        {
            var name = chaos.Chance(0.9) ? chaos.Pick(names) : chaos.HostileText();
            fields.Add(new(name, chaos.Chance(0.4) ? Plausible(name, ValueKind.Text) : HostileFor(name, ValueKind.Text)));
            if (chaos.Chance(0.1)) fields.Add(new(name, chaos.HostileText())); // the same key twice
        }
        var form = Wire.Form(fields);
        if (chaos.Chance(0.1)) form += chaos.Pick(["&", "&&=&", "%", "%ZZ", "&a", "=x", "&text=%E0%A4%A", "&" + new string('k', 3000)]);
        return form;
    }

    /// <summary>An audience upload: a header naming the number column (or not), attribute columns, rows good and bad.</summary>
    private byte[] AudienceCsv()
    {
        var lines = new List<string>();
        if (chaos.Chance(0.9))
        {
            lines.Add(chaos.Pick(["number,first_name,tier", "phone,First Name", "\uFEFFnumber", "Number,NUMBER", "number,number", "first_name,tier",
                "number," + chaos.HostileText(), "number,\"a,b\",\"\"", "number," + string.Join(",", Enumerable.Range(0, 300).Select(i => "c" + i)), ""]));
        }
        var repeated = chaos.CustomerNumber();
        for (var i = chaos.Pick([1, 3, 20, 500, 3000]); i > 0; i--)
        {
            var number = chaos.Below(10) switch
            {
                < 5 => chaos.CustomerNumber(),
                5 => repeated,
                6 => chaos.Pick(["+44 7700-900 001", "447700900001", "00447700900001", "07700 900123", "(555) 010-0000", "+1 202 555 0143"]),
                7 => chaos.Pick(Chaos.Numbers),
                _ => chaos.HostileText(),
            };
            var fields = new[] { number, chaos.Chance(0.6) ? "Ada" : chaos.HostileText(), chaos.Chance(0.7) ? chaos.Pick(["gold", "silver", ""]) : chaos.HostileText() }
                .Take(chaos.Between(1, 5))
                .Select(f => f.Length > 2_000 && lines.Count > 1 ? f[..2_000] : f);
            lines.Add(string.Join(chaos.Chance(0.95) ? "," : ";", fields.Select(f => chaos.Chance(0.3) ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)));
        }
        var text = string.Join(chaos.Chance(0.8) ? "\n" : "\r\n", lines);
        if (chaos.Chance(0.1)) text += "\n\"unterminated";
        var bytes = Wire.Bytes(text);
        return chaos.Chance(0.1) ? [.. bytes, 0xFF, 0xFE, 0x00] : bytes;
    }

    private byte[] Csv()
    {
        var lines = new List<string>();
        if (chaos.Chance(0.5)) lines.Add(chaos.Pick(["number,kind,occurred_at,evidence,time_zone", "number,kind", "\uFEFFnumber,kind", "a,b,c,d,e,f,g"]));
        for (var i = chaos.Pick([1, 3, 20, 500]); i > 0; i--)
        {
            var fields = new[]
            {
                chaos.Chance(0.6) ? chaos.CustomerNumber() : chaos.HostileText(),
                chaos.Chance(0.7) ? chaos.Pick(["opt_in", "opt_out", "OPT_IN", "stop"]) : chaos.HostileText(),
                chaos.Chance(0.5) ? chaos.Now.AddDays(-1).ToString("O", CultureInfo.InvariantCulture) : chaos.Pick(Chaos.Dates),
                chaos.HostileText(),
                chaos.Chance(0.5) ? chaos.Pick(Chaos.TimeZones) : "",
            }.Take(chaos.Between(1, 7));
            // A huge field now and then, not in every row: a file of them would only measure the upload.
            fields = fields.Select(f => f.Length > 2_000 && lines.Count > 1 ? f[..2_000] : f);
            lines.Add(string.Join(chaos.Chance(0.95) ? "," : ";", fields.Select(f => chaos.Chance(0.3) ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)));
        }
        var text = string.Join(chaos.Chance(0.8) ? "\n" : "\r\n", lines);
        if (chaos.Chance(0.1)) text += "\n\"unterminated";
        var bytes = Wire.Bytes(text);
        return chaos.Chance(0.1) ? [.. bytes, 0xFF, 0xFE, 0x00] : bytes;
    }

    private void ExtraHeaders(List<(string, byte[])> headers, List<string> notes)
    {
        if (!chaos.Chance(0.35)) return;
        var name = chaos.Pick(["Idempotency-Key", "Last-Event-ID", "Accept", "Accept-Language", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Twilio-Signature", "Origin", "Content-Encoding", "Range", "If-Modified-Since", "If-None-Match", "Accept-Encoding",
            "traceparent", "baggage", "X-Requested-With", "Expect", "Referer", "User-Agent"]);
        var value = name switch
        {
            "Idempotency-Key" when chaos.Chance(0.5) => Ascii(chaos.Guid().ToString()),
            "Content-Encoding" => Ascii(chaos.Pick(["gzip", "br", "deflate", "identity, gzip", "x"])),
            "Expect" => Ascii("100-continue"),
            "Range" => Ascii(chaos.Pick(["bytes=0-0", "bytes=-1", "bytes=99999999-", "bytes=5-1", "bytes=0-1,0-1,0-1,0-1"])),
            "traceparent" => Ascii(chaos.Pick(["00-" + new string('0', 32) + "-" + new string('0', 16) + "-00", "junk", "ff-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff"])),
            _ => HeaderJunk(),
        };
        headers.Add((name, value));
        notes.Add($"{name}: {Wire.Preview(Encoding.Latin1.GetString(value), 40)}");
    }

    /// <summary>A header value: hostile text in UTF-8 (non-ASCII bytes included), an attempt to inject a header, or a huge one.</summary>
    private byte[] HeaderJunk()
    {
        var choice = chaos.Below(6);
        if (choice == 0) return Ascii("x\r\nX-Injected: fuzz");
        if (choice == 1) return Ascii(new string('h', chaos.Pick([100, 9_000, 40_000])));
        var text = chaos.HostileText();
        if (text.Length > 2000) text = text[..2000];
        // CR, LF and NUL end or break the header line itself: those are the broken-framing cases, sent elsewhere.
        return Wire.Bytes(text).Where(b => b is not ((byte)'\r' or (byte)'\n' or 0)).ToArray();
    }

    /// <summary>The same request with its framing broken: a bad request line, a lying length, NUL in a header, bad chunks.</summary>
    private FuzzRequest BrokenFraming(FuzzRequest request)
    {
        var port = targets.Ports[request.Service];
        var proper = RawHttp.Serialize(request, port);
        var headerEnd = proper.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.Latin1.GetString(proper, 0, headerEnd);
        var (name, raw) = chaos.Below(8) switch
        {
            0 => ("request line with spaces and NUL", Encoding.Latin1.GetBytes(request.Method + " /a b\0c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
            1 => ("HTTP/0.9 style request", Encoding.ASCII.GetBytes("GET " + request.Target + "\r\n\r\n")),
            2 => ("NUL in a header value", [.. Encoding.Latin1.GetBytes(head + "\r\nX-Fuzz: a\0b\r\n\r\n"), .. request.Body]),
            3 => ("two different Content-Length", [.. Encoding.Latin1.GetBytes(head + "\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), .. request.Body]),
            4 => ("bad chunked body", Encoding.Latin1.GetBytes(head.Replace("Content-Length", "X-Was-Length", StringComparison.Ordinal)
                                                             + "\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n")),
            5 => ("header line without a colon", Encoding.Latin1.GetBytes(head + "\r\nthis is not a header\r\n\r\n")),
            6 => ("obsolete line folding", Encoding.Latin1.GetBytes(head + "\r\nX-Fold: a\r\n b\r\n\r\n")),
            _ => ("Content-Length shorter than the body", [.. Encoding.Latin1.GetBytes(
                head.Replace("Content-Length", "X-Was-Length", StringComparison.Ordinal) + "\r\nContent-Length: 1\r\n\r\n"), .. request.Body]),
        };
        return request with { Raw = raw, Description = "broken framing: " + name + "; " + request.Description };
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
