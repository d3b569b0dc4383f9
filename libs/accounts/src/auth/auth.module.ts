import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { authConfig, AuthSettings } from '@mtl/config';
import { RedisConnectionFactory } from '@mtl/queue';
import { AccountsModule } from '../accounts.module';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { AuthenticatedGuard } from './authenticated.guard';
import { CredentialsService } from './credentials.service';
import { JwtStrategy } from './jwt.strategy';
import { loginThrottlerOptions, LoginThrottlerGuard } from './login-throttle';
import { TOKEN_ISSUER } from './principal';
import { PrincipalResolver } from './principal-resolver';
import { TokenService } from './token.service';

/**
 * Authentication of one HTTP app: passport-jwt for requests, tokens for this app's audience,
 * login throttling in Redis. Import once, in the app's root module; the app registers its own
 * passport-local login strategy (Studio: organization in the body; LMS: the site's).
 */
@Module({})
export class AuthModule {
  static forApp(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        AccountsModule,
        PassportModule.register({ session: false }),
        JwtModule.registerAsync({
          inject: [authConfig.KEY],
          useFactory: (auth: AuthSettings) => ({
            secret: auth.JWT_SECRET,
            signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER },
            verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER },
          }),
        }),
        ThrottlerModule.forRootAsync({ inject: [RedisConnectionFactory], useFactory: loginThrottlerOptions }),
      ],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        TokenService,
        CredentialsService,
        PrincipalResolver,
        JwtStrategy,
        AuthenticatedGuard,
        LoginThrottlerGuard,
      ],
      exports: [
        AccountsModule,
        AUTH_OPTIONS,
        TokenService,
        CredentialsService,
        PrincipalResolver,
        AuthenticatedGuard,
        LoginThrottlerGuard,
      ],
    };
  }
}
