namespace Api.Problems;

// Every error the Api answers is RFC 9457 problem+json; these are the ones with a stable title of our own.
public static class ApiProblems
{
    public static ProblemHttpResult CodeTaken(string code) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        title: "Short code already taken",
        detail: $"The code '{code}' is taken (codes of deleted links are never reused). Choose another code or leave it out to get a generated one.");

    public static ProblemHttpResult EmailRegistered() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        title: "Email already registered",
        detail: "An account with this email exists. Sign in instead.");

    public static ProblemHttpResult BadCredentials() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        title: "Invalid email or password");

    public static ProblemHttpResult SessionExpired() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        title: "Session expired",
        detail: "This session is too old to renew; sign in again.");

    public static ProblemHttpResult SignedOutHereOnly() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable,
        type: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        title: "Signed out on one server only",
        detail: "The session could not be revoked everywhere yet (Redis could not be reached). Send the sign-out again.");

    public static ProblemHttpResult TooManyApiKeys(int maximum) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        title: "Too many API keys",
        detail: $"An account holds at most {maximum} API keys (expired ones included). Revoke one you no longer use, then create the new one.");

    public static ProblemHttpResult ApiKeyNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        title: "API key not found");

    public static ProblemHttpResult LinkNotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        title: "Short link not found");

    public static ProblemHttpResult LinkDisabled() => TypedResults.Problem(
        statusCode: StatusCodes.Status410Gone,
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.11",
        title: "Short link disabled",
        detail: "This short link was disabled by the service's operator.");

    // A link with maxVisits while Redis, which counts its visits, does not answer: closed rather than over its limit.
    public static ProblemHttpResult VisitLimitUnknown(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            type: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            title: "Short link unavailable for a moment",
            detail: "This link may be followed a limited number of times, and its count cannot be read right now. Try again shortly.");
    }

    public static ProblemHttpResult TooManyRequests(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://tools.ietf.org/html/rfc6585#section-4",
            title: "Too many requests",
            detail: $"Try again in {seconds} seconds.");
    }
}
