import { portalJourneys } from './portal-journeys.js';

portalJourneys('en');
