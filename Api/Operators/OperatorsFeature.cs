namespace Api.Operators;

public static class OperatorsFeature
{
    // What the service's operator may do beyond any account: disable a link (see LinkDisablingEndpoints).
    public static IHostApplicationBuilder AddOperators(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OperatorOptions>(builder.Configuration.GetSection(OperatorOptions.SectionName));
        builder.Services.AddSingleton<OperatorKeyFilter>();
        return builder;
    }
}
