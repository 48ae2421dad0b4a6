import { portalJourneys } from './portal-journeys.js';

portalJourneys('zh-CN');
