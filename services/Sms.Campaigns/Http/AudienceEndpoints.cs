using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;
using Sms.ServiceDefaults.Text;

namespace Sms.Campaigns.Http;

/// <summary>
/// Uploaded audiences (issue 17), all with the campaigns scope. Thin: the file is read by <see cref="AudienceCsv"/>
/// and stored by <see cref="AudienceStore"/>.
/// <list type="bullet">
/// <item><c>POST /v1/audiences?name=…</c>, body <c>text/csv</c>: a header with a <c>number</c> column, other columns
/// attributes. The good rows are stored; the answer lists the bad rows and duplicates by line. 413 past
/// <c>Campaigns:MaxAudienceBytes</c> or <c>Campaigns:MaxAudienceRows</c>, and nothing is stored.</item>
/// <item><c>GET /v1/audiences</c>, <c>GET /v1/audiences/{id}</c>: counts, and the bad rows and duplicates.</item>
/// </list>
/// </summary>
public static class AudienceEndpoints
{
    public static WebApplication MapAudienceEndpoints(this WebApplication app)
    {
        var audiences = app.MapGroup("/v1/audiences").WithTags("Audiences").RequireScope(ApiScopes.Campaigns);
        // No Accepts("text/csv"): routing would answer another content type 415 before the key is checked.
        audiences.MapPost("/", UploadAsync).WithName("UploadAudience").ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        audiences.MapGet("/", ListAsync).WithName("ListAudiences");
        audiences.MapGet("/{id:guid}", GetAsync).WithName("GetAudience");
        return app;
    }

    public static async Task<Results<Created<AudienceDetail>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest http, string? name, ClaimsPrincipal user, AudienceStore store, IOptions<CampaignsOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Invalid("name", "Name the audience: POST /v1/audiences?name=…");
        if (MessageText.Problem(name.Trim(), SegmentValidator.MaxNameLength) is { } nameProblem)
            return Invalid("name", nameProblem);
        var limits = options.Value;
        var (body, unreadable) = await RequestBodies.ReadAsync(http, limits.MaxAudienceBytes, cancellationToken);
        if (unreadable is not null) return unreadable;

        // Bytes that are not UTF-8 become U+FFFD: the row holding them is then judged for what it says.
        var parsed = AudienceCsv.Parse(Encoding.UTF8.GetString(body!));
        if (parsed.HeaderProblem is { } header) return Invalid("line 1", header);
        if (parsed.Rows > limits.MaxAudienceRows)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {limits.MaxAudienceRows} rows per audience.",
                detail: $"The file has {parsed.Rows} rows. Split it: nothing was stored.");
        }
        var audience = await store.CreateAsync(name.Trim(), parsed, user.Identity?.Name ?? ApiKeyAuthenticationHandler.UserName, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Created($"/v1/audiences/{audience.Id}", audience);
    }

    public static async Task<Ok<IReadOnlyList<AudienceSummary>>> ListAsync(AudienceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<AudienceDetail>, NotFound>> GetAsync(Guid id, AudienceStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } audience ? TypedResults.Ok(audience) : TypedResults.NotFound();

    private static ValidationProblem Invalid(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] }, title: "Not an audience");
}
