/**
 * An Angular host as a vendor writes it: the library from npm, one import that defines
 * every element, zoneless change detection (Angular's default).
 */
import 'ehr-engage';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import { HostApp } from './app/app';

bootstrapApplication(HostApp, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
