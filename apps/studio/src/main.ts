import { startHttpApp } from '@mtl/app-core';
import { STUDIO_HTTP_OPTIONS } from './studio-http-options';
import { StudioModule } from './studio.module';

void startHttpApp(StudioModule, STUDIO_HTTP_OPTIONS);
