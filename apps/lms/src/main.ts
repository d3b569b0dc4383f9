import { startHttpApp } from '@mtl/app-core';
import { LMS_HTTP_OPTIONS } from './lms-http-options';
import { LmsModule } from './lms.module';

void startHttpApp(LmsModule, LMS_HTTP_OPTIONS);
